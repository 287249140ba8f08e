# One internet-facing ALB; for each HTTP service a listener on its port and a target group of its tasks (ip
# targets, as Fargate's), health-checked on /health: the load balancer half of "ALB + target tracking".
variable "name" {
  description = "Prefix of the names."
  type        = string
}

variable "vpc_id" {
  description = "The VPC."
  type        = string
}

variable "public_subnet_ids" {
  description = "Subnets of the ALB (two zones at least)."
  type        = list(string)
}

variable "allowed_cidrs" {
  description = "Who may call the listeners."
  type        = list(string)
}

variable "ports" {
  description = "Listener port of each service, by role name."
  type        = map(number)
}

resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "scalelab load balancer"
  vpc_id      = var.vpc_id

  dynamic "ingress" {
    for_each = var.ports
    content {
      description = ingress.key
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = var.allowed_cidrs
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_lb" "this" {
  name               = var.name
  load_balancer_type = "application"
  security_groups    = [aws_security_group.alb.id]
  subnets            = var.public_subnet_ids
}

resource "aws_lb_target_group" "service" {
  for_each             = var.ports
  name                 = substr("${var.name}-${each.key}", 0, 32)
  port                 = 8080
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = 15

  health_check {
    path                = "/health"
    matcher             = "200"
    interval            = 10
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "service" {
  for_each          = var.ports
  load_balancer_arn = aws_lb.this.arn
  port              = each.value
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.service[each.key].arn
  }
}

output "dns_name" {
  description = "The ALB's DNS name."
  value       = aws_lb.this.dns_name
}

output "security_group_id" {
  description = "The ALB's security group (the tasks accept traffic from it)."
  value       = aws_security_group.alb.id
}

output "target_group_arns" {
  description = "Target group of each service, by role name."
  value       = { for role, tg in aws_lb_target_group.service : role => tg.arn }
}
