package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static scalelab.cli.DeployComposeTest.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s read as files (no cluster here): every Deployment is probed on /health and sized, every Service reaches
 * a container port, every autoscaler targets a real Deployment, every command and SCALELAB_* variable is the CLI's,
 * and kustomization.yaml lists every manifest and the secret every reference needs.
 */
class DeployKubernetesTest {
    private static final Path K8S = DeployComposeTest.DEPLOY.resolve("k8s");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final List<JsonNode> objects = new ArrayList<>();
    private static JsonNode kustomization;

    @BeforeAll
    static void readManifests() throws IOException {
        kustomization = YAML.readTree(K8S.resolve("kustomization.yaml").toFile());
        for (JsonNode resource : kustomization.get("resources")) {
            try (var docs = YAML.readerFor(JsonNode.class)
                    .<JsonNode>readValues(K8S.resolve(resource.asText()).toFile())) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    if (doc != null && !doc.isEmpty()) objects.add(doc);
                }
            }
        }
    }

    private static Map<String, JsonNode> byName(String kind) {
        var map = new LinkedHashMap<String, JsonNode>();
        for (JsonNode o : objects) {
            if (o.get("kind").asText().equals(kind))
                map.put(o.get("metadata").get("name").asText(), o);
        }
        return map;
    }

    private static List<JsonNode> containers(JsonNode workload) {
        var list = new ArrayList<JsonNode>();
        workload.get("spec").get("template").get("spec").get("containers").forEach(list::add);
        return list;
    }

    @Test
    void kustomizationListsEveryManifest() throws IOException {
        Set<String> listed = new TreeSet<>(strings(kustomization.get("resources")));
        Set<String> files = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(K8S)) {
            walk.filter(p -> p.toString().endsWith(".yaml"))
                    .map(p -> K8S.relativize(p).toString())
                    .filter(p -> !p.equals("kustomization.yaml"))
                    .forEach(files::add);
        }
        assertThat(listed).isEqualTo(files);
        assertThat(kustomization.get("namespace").asText()).isEqualTo("scalelab");
    }

    @Test
    void everyRoleIsADeployment() {
        assertThat(byName("Deployment").keySet()).containsExactlyInAnyOrderElementsOf(DeployRoles.CLUSTER);
        assertThat(byName("StatefulSet").keySet()).containsExactlyInAnyOrder("rabbitmq", "postgres");
    }

    @Test
    void everyDeploymentIsProbedOnHealthAndHasRequestsAndLimits() {
        byName("Deployment").forEach((name, deployment) -> {
            for (JsonNode c : containers(deployment)) {
                for (String probe : List.of("readinessProbe", "livenessProbe")) {
                    JsonNode get = c.path(probe).path("httpGet");
                    assertThat(get.path("path").asText()).as(name + " " + probe).isEqualTo("/health");
                    assertThat(containerPort(c, get.path("port")))
                            .as(name + " " + probe + " port")
                            .isPositive();
                }
                for (String kind : List.of("requests", "limits")) {
                    JsonNode r = c.path("resources").path(kind);
                    assertThat(r.has("cpu") && r.has("memory"))
                            .as(name + " resources." + kind)
                            .isTrue();
                }
            }
        });
    }

    @Test
    void workersServeTheirHealthOnTheProbedPort() {
        byName("Deployment").forEach((name, deployment) -> {
            for (JsonNode c : containers(deployment)) {
                String command = String.join(" ", strings(c.get("args")));
                if (!command.startsWith("flashsale worker") && !command.matches("mapreduce (mapper|reducer).*"))
                    continue;
                String healthPort = null;
                for (JsonNode env : c.path("env")) {
                    if (env.get("name").asText().equals("SCALELAB_HEALTH_PORT"))
                        healthPort = env.get("value").asText();
                }
                assertThat(healthPort).as(name + " SCALELAB_HEALTH_PORT").isNotNull();
                assertThat(Integer.parseInt(healthPort))
                        .as(name)
                        .isEqualTo(containerPort(
                                c, c.get("livenessProbe").get("httpGet").get("port")));
            }
        });
    }

    @Test
    void everyContainerCommandIsARealScalelabCommandLine() {
        byName("Deployment").forEach((name, deployment) -> {
            for (JsonNode c : containers(deployment)) {
                assertThat(c.get("image").asText()).as(name).isEqualTo("scalelab");
                assertThat(c.has("command"))
                        .as(name + ": the image's entrypoint runs the jar")
                        .isFalse();
                List<String> args = strings(c.get("args"));
                CliModel.assertRunnable("Deployment " + name, args);
            }
        });
    }

    @Test
    void everyScalelabVariableIsOneTheCliReadsAndSecretsComeFromTheSecret() throws IOException {
        Set<String> known = CliModel.environmentVariables();
        Set<String> secretKeys = secretKeys();
        var workloads = new LinkedHashMap<String, JsonNode>(byName("Deployment"));
        workloads.putAll(byName("StatefulSet"));
        workloads.forEach((name, workload) -> {
            for (JsonNode c : containers(workload)) {
                for (JsonNode env : c.path("env")) {
                    String variable = env.get("name").asText();
                    if (variable.startsWith("SCALELAB_")) {
                        assertThat(known).as(name + " sets " + variable).contains(variable);
                    }
                    if (variable.endsWith("_URL") && !env.has("valueFrom")) {
                        assertThat(env.get("value").asText())
                                .as(name + " " + variable)
                                .doesNotContain("@", "password");
                    }
                    if (variable.contains("PASS")
                            || variable.contains("TOKEN")
                            || variable.equals("SCALELAB_DB_URL")
                            || variable.equals("SCALELAB_BROKER_URL")) {
                        assertThat(env.has("valueFrom"))
                                .as(name + " " + variable + " from a Secret")
                                .isTrue();
                    }
                    JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                    if (!ref.isMissingNode()) {
                        assertThat(ref.get("name").asText()).as(name).isEqualTo("scalelab-secrets");
                        assertThat(secretKeys)
                                .as(name + " " + variable)
                                .contains(ref.get("key").asText());
                    }
                }
            }
        });
    }

    @Test
    void everyServiceSelectsAWorkloadAndTargetsOneOfItsContainerPorts() {
        var workloads = new LinkedHashMap<String, JsonNode>(byName("Deployment"));
        workloads.putAll(byName("StatefulSet"));
        byName("Service").forEach((name, service) -> {
            JsonNode selector = service.get("spec").get("selector");
            List<JsonNode> selected = workloads.values().stream()
                    .filter(w -> matches(
                            selector,
                            w.get("spec").get("template").get("metadata").get("labels")))
                    .toList();
            assertThat(selected).as("workloads selected by Service " + name).hasSize(1);
            for (JsonNode port : service.get("spec").get("ports")) {
                JsonNode target = port.has("targetPort") ? port.get("targetPort") : port.get("port");
                assertThat(containers(selected.get(0)).stream()
                                .mapToInt(c -> containerPort(c, target))
                                .max()
                                .orElse(-1))
                        .as("Service " + name + " targetPort " + target)
                        .isPositive();
            }
        });
    }

    @Test
    void searchAndCatalogScaleOnCpuBetweenTwoAndFourPods() {
        Map<String, JsonNode> hpas = byName("HorizontalPodAutoscaler");
        assertThat(hpas.keySet()).containsExactlyInAnyOrder("search", "catalog");
        Map<String, JsonNode> deployments = byName("Deployment");
        hpas.forEach((name, hpa) -> {
            JsonNode spec = hpa.get("spec");
            JsonNode target = spec.get("scaleTargetRef");
            assertThat(target.get("kind").asText()).isEqualTo("Deployment");
            assertThat(deployments)
                    .as(name + " targets a Deployment")
                    .containsKey(target.get("name").asText());
            assertThat(spec.get("minReplicas").asInt()).isEqualTo(2);
            assertThat(spec.get("maxReplicas").asInt()).isEqualTo(4);
            JsonNode metric = spec.get("metrics").get(0).get("resource");
            assertThat(metric.get("name").asText()).isEqualTo("cpu");
            assertThat(metric.get("target").get("averageUtilization").asInt()).isEqualTo(70);
            // utilization is relative to the request, so the pods must have one
            JsonNode deployment = deployments.get(target.get("name").asText());
            assertThat(containers(deployment)
                            .get(0)
                            .path("resources")
                            .path("requests")
                            .has("cpu"))
                    .isTrue();
        });
    }

    @Test
    void flashSaleWorkersScaleOnTheQueueDepthWithKeda() throws IOException {
        Map<String, JsonNode> scaled = byName("ScaledObject");
        assertThat(scaled.keySet()).containsExactly("flashsale-worker");
        JsonNode spec = scaled.get("flashsale-worker").get("spec");
        assertThat(byName("Deployment"))
                .containsKey(spec.get("scaleTargetRef").get("name").asText());
        JsonNode trigger = spec.get("triggers").get(0);
        assertThat(trigger.get("type").asText()).isEqualTo("rabbitmq");
        assertThat(trigger.get("metadata").get("queueName").asText())
                .isEqualTo(scalelab.flashsale.order.OrderMessages.QUEUE);
        assertThat(trigger.get("metadata").get("mode").asText()).isEqualTo("QueueLength");
        String auth = trigger.get("authenticationRef").get("name").asText();
        JsonNode ref = byName("TriggerAuthentication")
                .get(auth)
                .get("spec")
                .get("secretTargetRef")
                .get(0);
        assertThat(ref.get("parameter").asText()).isEqualTo("host");
        assertThat(secretKeys()).contains(ref.get("key").asText());
    }

    @Test
    void onlyLocalDevDefaultsAreWrittenDown() throws IOException {
        for (String line : Files.readAllLines(K8S.resolve("local-dev.env"))) {
            if (line.isBlank() || line.startsWith("#")) continue;
            assertThat(line).as(line).contains("scalelab-local-dev");
        }
        assertThat(Files.readString(K8S.resolve("local-dev.env"))).startsWith("# LOCAL-DEV DEFAULTS ONLY");
    }

    /** The keys of the generated secret (local-dev.env). */
    private static Set<String> secretKeys() throws IOException {
        JsonNode generator = kustomization.get("secretGenerator").get(0);
        assertThat(generator.get("name").asText()).isEqualTo("scalelab-secrets");
        var keys = new TreeSet<String>();
        for (JsonNode file : generator.get("envs")) {
            for (String line : Files.readAllLines(K8S.resolve(file.asText()))) {
                if (!line.isBlank() && !line.startsWith("#")) keys.add(line.substring(0, line.indexOf('=')));
            }
        }
        return keys;
    }

    /** The container port a probe or Service names (by name or number), or -1 when the container has none. */
    private static int containerPort(JsonNode container, JsonNode port) {
        for (JsonNode p : container.path("ports")) {
            if (port.isInt()
                    ? p.get("containerPort").asInt() == port.asInt()
                    : p.path("name").asText().equals(port.asText())) {
                return p.get("containerPort").asInt();
            }
        }
        return -1;
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        var it = selector.properties().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText())) return false;
        }
        return true;
    }
}
