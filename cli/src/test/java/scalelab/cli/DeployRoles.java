package scalelab.cli;

import java.util.List;

/** The roles a cluster runs: one Deployment (Kubernetes) or ECS service (AWS) each; search scales behind the platform's balancer. */
final class DeployRoles {
    static final List<String> CLUSTER = List.of(
            "albums",
            "kv",
            "catalog",
            "product",
            "cart",
            "flashsale",
            "flashsale-worker",
            "mapreduce",
            "mapper",
            "reducer",
            "search");

    private DeployRoles() {}
}
