variable "name" {
  description = "Prefix of every resource's name."
  type        = string
  default     = "scalelab"
}

variable "region" {
  description = "AWS region."
  type        = string
  default     = "eu-west-1"
}

variable "vpc_cidr" {
  description = "Address range of the VPC."
  type        = string
  default     = "10.40.0.0/16"
}

variable "az_count" {
  description = "Availability zones to spread the subnets over (the ALB needs at least 2)."
  type        = number
  default     = 2
}

variable "allowed_cidrs" {
  description = "Who may call the load balancer's listeners."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "image_tag" {
  description = "Tag of the scalelab image in the ECR repository (pushed by the commands in deploy/README.md)."
  type        = string
  default     = "latest"
}

variable "broker_url_secret_arn" {
  description = "ARN of a Secrets Manager secret holding the AMQP URL of the RabbitMQ (e.g. Amazon MQ) the flash-sale API, its workers and MapReduce share. Created outside Terraform: no password in these files or their state."
  type        = string
}

variable "db_url_secret_arn" {
  description = "ARN of a Secrets Manager secret holding the PostgreSQL JDBC URL (e.g. of RDS), with its password, that albums, catalog and the flash sale share."
  type        = string
}

variable "function_db_url" {
  description = "The same JDBC URL for the order function (Lambda reads it from its environment). Pass it as TF_VAR_function_db_url, never in a file; it is kept in the state, so keep the state encrypted."
  type        = string
  sensitive   = true
}

variable "function_package" {
  description = "Path of the Lambda zip built by deploy/terraform/build-function-zip.sh (the scalelab jar and its libraries under lib/)."
  type        = string
  default     = "build/scalelab-function.zip"
}

variable "payment_time" {
  description = "How long one simulated payment takes in the order function (SCALELAB_PAYMENT_TIME)."
  type        = string
  default     = "3s"
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the logs."
  type        = number
  default     = 14
}
