# scalelab on AWS: every role of the one image as an ECS Fargate service, the HTTP services behind one ALB (one
# listener port per service, as `scalelab up` numbers them), search and catalog scaled by target tracking on
# CPU, and the serverless order path: SNS topic -> SQS queue (with a dead-letter queue) -> Lambda.
# See deploy/README.md for the commands.

locals {
  image = "${module.ecr.repository_url}:${var.image_tag}"

  # One entry per role. port: the ALB listener (null = a worker, not behind the ALB). secrets: which of the two
  # URLs it reads. min/max: task count; max > min turns on target tracking on CPU at 70%.
  services = {
    albums    = { command = ["albums"], port = 8081, cpu = 512, memory = 1024, min = 2, max = 2, secrets = ["db"], environment = {} }
    kv        = { command = ["kv"], port = 8082, cpu = 256, memory = 512, min = 1, max = 1, secrets = [], environment = {} }
    catalog   = { command = ["catalog"], port = 8083, cpu = 512, memory = 1024, min = 2, max = 4, secrets = ["db"], environment = {} }
    product   = { command = ["resilience", "product"], port = 8084, cpu = 256, memory = 512, min = 1, max = 1, secrets = [], environment = {} }
    cart      = { command = ["resilience", "cart", "--variant", "fixed"], port = 8085, cpu = 256, memory = 512, min = 1, max = 1, secrets = [], environment = { SCALELAB_PRODUCT_URL = "http://${module.alb.dns_name}:8084" } }
    flashsale = { command = ["flashsale", "--workers", "0"], port = 8086, cpu = 512, memory = 1024, min = 2, max = 2, secrets = ["broker", "db"], environment = {} }
    mapreduce = { command = ["mapreduce", "coordinator"], port = 8087, cpu = 1024, memory = 2048, min = 1, max = 1, secrets = ["broker"], environment = {} }
    search    = { command = ["search", "--cpu-budget", "0.25"], port = 8088, cpu = 256, memory = 512, min = 2, max = 4, secrets = [], environment = {} }

    flashsale-worker = { command = ["flashsale", "worker", "--workers", "10"], port = null, cpu = 256, memory = 512, min = 2, max = 2, secrets = ["broker", "db"], environment = { SCALELAB_HEALTH_PORT = "8080" } }
    mapper           = { command = ["mapreduce", "mapper", "--concurrency", "1"], port = null, cpu = 512, memory = 1024, min = 2, max = 2, secrets = ["broker"], environment = { SCALELAB_HEALTH_PORT = "8080" } }
    reducer          = { command = ["mapreduce", "reducer", "--concurrency", "1"], port = null, cpu = 512, memory = 1024, min = 1, max = 1, secrets = ["broker"], environment = { SCALELAB_HEALTH_PORT = "8080" } }
  }

  secret_arns = {
    broker = var.broker_url_secret_arn
    db     = var.db_url_secret_arn
  }
  secret_variables = {
    broker = "SCALELAB_BROKER_URL"
    db     = "SCALELAB_DB_URL"
  }
}

module "network" {
  source   = "./modules/network"
  name     = var.name
  vpc_cidr = var.vpc_cidr
  az_count = var.az_count
}

module "ecr" {
  source = "./modules/ecr"
  name   = var.name
}

module "alb" {
  source            = "./modules/alb"
  name              = var.name
  vpc_id            = module.network.vpc_id
  public_subnet_ids = module.network.public_subnet_ids
  allowed_cidrs     = var.allowed_cidrs
  ports             = { for role, s in local.services : role => s.port if s.port != null }
}

resource "aws_ecs_cluster" "this" {
  name = var.name
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

# What ECS itself needs to start a task: pull the image, write its logs, read the two URL secrets.
resource "aws_iam_role" "task_execution" {
  name = "${var.name}-task-execution"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "task_execution" {
  role       = aws_iam_role.task_execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role_policy" "read_url_secrets" {
  name = "${var.name}-read-url-secrets"
  role = aws_iam_role.task_execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue"]
      Resource = values(local.secret_arns)
    }]
  })
}

module "service" {
  source   = "./modules/ecs_service"
  for_each = local.services

  name               = "${var.name}-${each.key}"
  cluster_id         = aws_ecs_cluster.this.id
  cluster_name       = aws_ecs_cluster.this.name
  region             = var.region
  image              = local.image
  command            = each.value.command
  cpu                = each.value.cpu
  memory             = each.value.memory
  min_count          = each.value.min
  max_count          = each.value.max
  environment        = each.value.environment
  secrets            = { for s in each.value.secrets : local.secret_variables[s] => local.secret_arns[s] }
  execution_role_arn = aws_iam_role.task_execution.arn
  vpc_id             = module.network.vpc_id
  subnet_ids         = module.network.private_subnet_ids
  ingress_from_sg_id = module.alb.security_group_id
  target_group_arn   = each.value.port == null ? null : module.alb.target_group_arns[each.key]
  log_retention_days = var.log_retention_days
  cpu_target_percent = 70
}

module "orders_queue" {
  source = "./modules/orders_queue"
  name   = var.name
}

module "order_function" {
  source             = "./modules/order_function"
  name               = "${var.name}-order-function"
  package            = var.function_package
  queue_arn          = module.orders_queue.queue_arn
  db_url             = var.function_db_url
  payment_time       = var.payment_time
  subnet_ids         = module.network.private_subnet_ids
  vpc_id             = module.network.vpc_id
  log_retention_days = var.log_retention_days
}
