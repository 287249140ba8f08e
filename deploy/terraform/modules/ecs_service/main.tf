# One scalelab role as an ECS Fargate service: its task definition (the one image, the role's command, the
# environment, URL secrets from Secrets Manager, a container health check on :8080/health), its CloudWatch log
# group, its security group, optionally its ALB target group, and target-tracking scaling on CPU when
# max_count > min_count (the autoscaler half of "ALB + target tracking").
variable "name" {
  description = "Name of the service, its task family and its log group."
  type        = string
}

variable "cluster_id" {
  description = "The ECS cluster."
  type        = string
}

variable "cluster_name" {
  description = "The ECS cluster's name (for the scaling target)."
  type        = string
}

variable "region" {
  description = "Region of the log group."
  type        = string
}

variable "image" {
  description = "The scalelab image."
  type        = string
}

variable "command" {
  description = "The scalelab command line of the role (the image's entrypoint runs the jar)."
  type        = list(string)
}

variable "cpu" {
  description = "Task CPU units (1024 = 1 vCPU)."
  type        = number
}

variable "memory" {
  description = "Task memory in MiB (the JVM takes 75% of it as heap)."
  type        = number
}

variable "min_count" {
  description = "Tasks at least (and at start)."
  type        = number
}

variable "max_count" {
  description = "Tasks at most; above min_count, target tracking on CPU decides."
  type        = number
}

variable "cpu_target_percent" {
  description = "Average CPU the target tracking keeps."
  type        = number
  default     = 70
}

variable "environment" {
  description = "Plain environment variables (no secrets)."
  type        = map(string)
  default     = {}
}

variable "secrets" {
  description = "Environment variables taken from Secrets Manager: name => secret ARN."
  type        = map(string)
  default     = {}
}

variable "execution_role_arn" {
  description = "Role ECS uses to pull the image, write logs and read the secrets."
  type        = string
}

variable "vpc_id" {
  description = "The VPC."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets of the tasks."
  type        = list(string)
}

variable "ingress_from_sg_id" {
  description = "Security group allowed to reach the tasks on 8080 (the ALB's)."
  type        = string
}

variable "target_group_arn" {
  description = "ALB target group of the service; null for a worker."
  type        = string
  default     = null
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the logs."
  type        = number
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/${var.name}"
  retention_in_days = var.log_retention_days
}

resource "aws_security_group" "task" {
  name        = var.name
  description = "scalelab task ${var.name}"
  vpc_id      = var.vpc_id

  ingress {
    description     = "HTTP and /health from the load balancer"
    from_port       = 8080
    to_port         = 8080
    protocol        = "tcp"
    security_groups = [var.ingress_from_sg_id]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = var.execution_role_arn

  container_definitions = jsonencode([{
    name         = "scalelab"
    image        = var.image
    command      = var.command
    essential    = true
    portMappings = [{ containerPort = 8080, protocol = "tcp" }]
    environment  = [for k, v in var.environment : { name = k, value = v }]
    secrets      = [for k, arn in var.secrets : { name = k, valueFrom = arn }]
    healthCheck = {
      command     = ["CMD", "/app/healthcheck.sh"]
      interval    = 10
      timeout     = 3
      retries     = 3
      startPeriod = 60
    }
    stopTimeout = 30
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "scalelab"
      }
    }
  }])
}

resource "aws_ecs_service" "this" {
  name                              = var.name
  cluster                           = var.cluster_id
  task_definition                   = aws_ecs_task_definition.this.arn
  desired_count                     = var.min_count
  launch_type                       = "FARGATE"
  health_check_grace_period_seconds = var.target_group_arn == null ? null : 60

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [aws_security_group.task.id]
    assign_public_ip = false
  }

  dynamic "load_balancer" {
    for_each = var.target_group_arn == null ? [] : [var.target_group_arn]
    content {
      target_group_arn = load_balancer.value
      container_name   = "scalelab"
      container_port   = 8080
    }
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  lifecycle {
    ignore_changes = [desired_count] # the autoscaler owns it
  }
}

resource "aws_appautoscaling_target" "this" {
  count              = var.max_count > var.min_count ? 1 : 0
  service_namespace  = "ecs"
  resource_id        = "service/${var.cluster_name}/${aws_ecs_service.this.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.min_count
  max_capacity       = var.max_count
}

resource "aws_appautoscaling_policy" "cpu" {
  count              = var.max_count > var.min_count ? 1 : 0
  name               = "${var.name}-cpu-${var.cpu_target_percent}"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[0].service_namespace
  resource_id        = aws_appautoscaling_target.this[0].resource_id
  scalable_dimension = aws_appautoscaling_target.this[0].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.cpu_target_percent
    scale_out_cooldown = 60
    scale_in_cooldown  = 120
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

output "service_name" {
  description = "The ECS service."
  value       = aws_ecs_service.this.name
}

output "log_group_name" {
  description = "Its CloudWatch log group."
  value       = aws_cloudwatch_log_group.this.name
}
