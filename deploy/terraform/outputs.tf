output "alb_dns_name" {
  description = "The load balancer: http://<this>:8081 albums, :8082 kv, :8083 catalog, :8084 product, :8085 cart, :8086 flashsale, :8087 mapreduce, :8088 search."
  value       = module.alb.dns_name
}

output "service_urls" {
  description = "URL of each HTTP service behind the load balancer."
  value       = { for role, s in local.services : role => "http://${module.alb.dns_name}:${s.port}" if s.port != null }
}

output "ecr_repository_url" {
  description = "Where to push the scalelab image (docker push <this>:<image_tag>)."
  value       = module.ecr.repository_url
}

output "orders_topic_arn" {
  description = "SNS topic of the serverless order path (subscribed by the orders queue, raw delivery)."
  value       = module.orders_queue.topic_arn
}

output "orders_queue_url" {
  description = "SQS queue the order function consumes."
  value       = module.orders_queue.queue_url
}

output "orders_dead_letter_queue_url" {
  description = "Where orders go after maxReceiveCount failed receives."
  value       = module.orders_queue.dead_letter_queue_url
}

output "order_function_name" {
  description = "The Lambda function (scalelab.flashsale.function.SqsOrderHandler)."
  value       = module.order_function.function_name
}

output "log_groups" {
  description = "CloudWatch log group of each ECS service."
  value       = { for role, m in module.service : role => m.log_group_name }
}
