# The flash sale's order function on AWS Lambda: scalelab.flashsale.function.SqsOrderHandler (Java 21), fed by
# an SQS event source mapping that reports partial batch failures (only the failed records are retried, then
# dead-lettered by the queue's redrive policy). It runs in the VPC's private subnets to reach PostgreSQL.
variable "name" {
  description = "Function name."
  type        = string
}

variable "package" {
  description = "The zip (build-function-zip.sh): the scalelab jar and its libraries under lib/."
  type        = string
}

variable "queue_arn" {
  description = "The SQS queue to consume."
  type        = string
}

variable "db_url" {
  description = "PostgreSQL JDBC URL of the order store and ledger (SCALELAB_DB_URL)."
  type        = string
  sensitive   = true
}

variable "payment_time" {
  description = "How long one payment takes (SCALELAB_PAYMENT_TIME)."
  type        = string
}

variable "vpc_id" {
  description = "The VPC."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets of the function."
  type        = list(string)
}

variable "memory_mb" {
  description = "Memory (and so CPU share) of the function, MB."
  type        = number
  default     = 512
}

variable "timeout_seconds" {
  description = "Longest invocation (a batch of orders, each a payment)."
  type        = number
  default     = 60
}

variable "batch_size" {
  description = "Records per invocation."
  type        = number
  default     = 5
}

variable "max_concurrency" {
  description = "Concurrent invocations the event source mapping starts at most (protects the database)."
  type        = number
  default     = 10
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the logs."
  type        = number
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${var.name}"
  retention_in_days = var.log_retention_days
}

resource "aws_iam_role" "this" {
  name = var.name
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "vpc_and_logs" {
  role       = aws_iam_role.this.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}

resource "aws_iam_role_policy" "consume_queue" {
  name = "${var.name}-consume-queue"
  role = aws_iam_role.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
      Resource = var.queue_arn
    }]
  })
}

resource "aws_security_group" "this" {
  name        = var.name
  description = "scalelab order function"
  vpc_id      = var.vpc_id

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_lambda_function" "this" {
  function_name    = var.name
  role             = aws_iam_role.this.arn
  runtime          = "java21"
  handler          = "scalelab.flashsale.function.SqsOrderHandler::handleRequest"
  filename         = var.package
  source_code_hash = filebase64sha256(var.package)
  memory_size      = var.memory_mb
  timeout          = var.timeout_seconds

  environment {
    variables = {
      SCALELAB_DB_URL       = var.db_url
      SCALELAB_PAYMENT_TIME = var.payment_time
    }
  }

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = [aws_security_group.this.id]
  }

  depends_on = [aws_cloudwatch_log_group.this, aws_iam_role_policy_attachment.vpc_and_logs]
}

resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn        = var.queue_arn
  function_name           = aws_lambda_function.this.arn
  batch_size              = var.batch_size
  function_response_types = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.max_concurrency
  }

  depends_on = [aws_iam_role_policy.consume_queue]
}

output "function_name" {
  description = "The function."
  value       = aws_lambda_function.this.function_name
}
