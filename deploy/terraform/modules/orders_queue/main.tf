# The serverless order path's messaging: the SNS topic "orders" (fan-out, as the broker's topic), an SQS queue
# subscribed to it with raw message delivery (each message body is one Order JSON, as SqsOrderHandler expects),
# and a dead-letter queue the queue's redrive policy moves a message to after max_receive_count receives.
variable "name" {
  description = "Prefix of the names."
  type        = string
}

variable "max_receive_count" {
  description = "Receives of a message before it goes to the dead-letter queue."
  type        = number
  default     = 5
}

variable "visibility_timeout_seconds" {
  description = "How long a received message stays hidden; at least 6 x the function's timeout, as AWS advises."
  type        = number
  default     = 360
}

resource "aws_sns_topic" "orders" {
  name = "${var.name}-orders"
}

resource "aws_sqs_queue" "dead_letter" {
  name                      = "${var.name}-order-processing-dlq"
  message_retention_seconds = 1209600
}

resource "aws_sqs_queue" "orders" {
  name                       = "${var.name}-order-processing"
  visibility_timeout_seconds = var.visibility_timeout_seconds
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letter.arn
    maxReceiveCount     = var.max_receive_count
  })
}

resource "aws_sqs_queue_redrive_allow_policy" "dead_letter" {
  queue_url = aws_sqs_queue.dead_letter.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.orders.arn]
  })
}

resource "aws_sqs_queue_policy" "from_topic" {
  queue_url = aws_sqs_queue.orders.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sns.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.orders.arn
      Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.orders.arn } }
    }]
  })
}

resource "aws_sns_topic_subscription" "orders" {
  topic_arn            = aws_sns_topic.orders.arn
  protocol             = "sqs"
  endpoint             = aws_sqs_queue.orders.arn
  raw_message_delivery = true
}

output "topic_arn" {
  description = "The orders topic."
  value       = aws_sns_topic.orders.arn
}

output "queue_arn" {
  description = "The queue the function consumes."
  value       = aws_sqs_queue.orders.arn
}

output "queue_url" {
  description = "The queue's URL."
  value       = aws_sqs_queue.orders.id
}

output "dead_letter_queue_url" {
  description = "The dead-letter queue's URL."
  value       = aws_sqs_queue.dead_letter.id
}
