package scalelab.flashsale.cost;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * AWS list prices the cost model uses: US East (N. Virginia), on-demand, x86, USD. Taken {@value #AS_OF}
 * from the AWS pricing pages named below (cross-checked against third-party summaries of those pages dated
 * March-June 2026; AWS had not changed these rates since 2019-2020). Every one can be overridden.
 *
 * @param fargateVcpuHour Fargate Linux/x86, per vCPU per hour: $0.04048 (https://aws.amazon.com/fargate/pricing/)
 * @param fargateGbHour Fargate Linux/x86, per GB of memory per hour: $0.004445 (same page)
 * @param lambdaPerMillionRequests Lambda, per 1 million requests: $0.20 (https://aws.amazon.com/lambda/pricing/)
 * @param lambdaGbSecond Lambda x86 duration, per GB-second, first 6 billion GB-s a month: $0.0000166667 (same
 *     page; the free tier, 1M requests and 400,000 GB-s a month, is an option of {@link CostInputs})
 * @param sqsPerMillionRequests SQS standard queue, per 1 million requests (each 64 KB chunk of a payload is one
 *     request), first 100 billion a month: $0.40 (https://aws.amazon.com/sqs/pricing/)
 * @param snsPerMillionPublishes SNS standard topic, per 1 million publishes (64 KB chunks): $0.50; deliveries to
 *     SQS queues are free (https://aws.amazon.com/sns/pricing/)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CostPrices(
        double fargateVcpuHour,
        double fargateGbHour,
        double lambdaPerMillionRequests,
        double lambdaGbSecond,
        double sqsPerMillionRequests,
        double snsPerMillionPublishes) {

    /** The date the default prices are taken as of. */
    public static final String AS_OF = "2026-06";

    /** USD per vCPU-hour, Fargate Linux/x86, us-east-1. */
    public static final double FARGATE_VCPU_HOUR = 0.04048;

    /** USD per GB-hour, Fargate Linux/x86, us-east-1. */
    public static final double FARGATE_GB_HOUR = 0.004445;

    /** USD per 1M Lambda requests, us-east-1. */
    public static final double LAMBDA_PER_MILLION_REQUESTS = 0.20;

    /** USD per Lambda GB-second, x86, first 6 billion GB-s a month, us-east-1. */
    public static final double LAMBDA_GB_SECOND = 0.0000166667;

    /** USD per 1M SQS standard requests, us-east-1. */
    public static final double SQS_PER_MILLION_REQUESTS = 0.40;

    /** USD per 1M SNS standard publishes, us-east-1. */
    public static final double SNS_PER_MILLION_PUBLISHES = 0.50;

    public CostPrices {
        positive("fargateVcpuHour", fargateVcpuHour);
        positive("fargateGbHour", fargateGbHour);
        positive("lambdaPerMillionRequests", lambdaPerMillionRequests);
        positive("lambdaGbSecond", lambdaGbSecond);
        positive("sqsPerMillionRequests", sqsPerMillionRequests);
        positive("snsPerMillionPublishes", snsPerMillionPublishes);
    }

    /** The us-east-1 list prices above. */
    public static CostPrices usEast1() {
        return new CostPrices(
                FARGATE_VCPU_HOUR,
                FARGATE_GB_HOUR,
                LAMBDA_PER_MILLION_REQUESTS,
                LAMBDA_GB_SECOND,
                SQS_PER_MILLION_REQUESTS,
                SNS_PER_MILLION_PUBLISHES);
    }

    static void positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be positive but was " + value);
        }
    }
}
