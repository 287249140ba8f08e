package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static scalelab.cli.DeployComposeTest.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scalelab.testkit.RealServices;

/**
 * deploy/terraform parsed by HashiCorp's HCL parser (the npm package @cdktf/hcl2json, run with node; {@code bash
 * .ci/services.sh hcl2json} installs it): every var., local., module. (and module output), resource and data source
 * referenced exists, every module call passes exactly its variables, the roles' commands and SCALELAB_* variables
 * are the CLI's, the AWS pieces of the issue are there, and no secret is written down. There is no terraform
 * validate here (it needs the providers from HashiCorp's registry); without node or the package the test is skipped
 * with the reason, and fails under CI=true.
 */
class DeployTerraformTest {
    private static final Path TERRAFORM = DeployComposeTest.DEPLOY.resolve("terraform");
    private static final Path HCL2JSON =
            DeployComposeTest.DEPLOY.resolve("tools").resolve("hcl2json");
    private static final Pattern VAR = Pattern.compile("\\bvar\\.([A-Za-z0-9_-]+)");
    private static final Pattern LOCAL = Pattern.compile("\\blocal\\.([A-Za-z0-9_-]+)");
    private static final Pattern MODULE = Pattern.compile("\\bmodule\\.([A-Za-z0-9_-]+)(?:\\.([A-Za-z0-9_-]+))?");
    private static final Pattern RESOURCE = Pattern.compile("(?<![\\w.])(aws_[a-z0-9_]+)\\.([A-Za-z0-9_-]+)");
    private static final Pattern DATA = Pattern.compile("\\bdata\\.([a-z0-9_]+)\\.([A-Za-z0-9_-]+)");
    private static final Pattern SCALELAB_VARIABLE = Pattern.compile("SCALELAB_[A-Z0-9_]+");
    private static final Set<String> META_ARGUMENTS = Set.of("source", "for_each", "count", "depends_on", "providers");

    /** One directory of .tf files: a Terraform module. */
    record Module(Path dir, List<JsonNode> files) {
        Map<String, JsonNode> blocks(String kind) {
            var map = new TreeMap<String, JsonNode>();
            for (JsonNode file : files) {
                file.path(kind)
                        .properties()
                        .forEach(e -> map.put(e.getKey(), e.getValue().get(0)));
            }
            return map;
        }

        /** resource or data blocks as "type.name". */
        Set<String> typed(String kind) {
            var names = new TreeSet<String>();
            for (JsonNode file : files) {
                file.path(kind)
                        .properties()
                        .forEach(type -> type.getValue()
                                .properties()
                                .forEach(name -> names.add(type.getKey() + "." + name.getKey())));
            }
            return names;
        }

        List<JsonNode> typedBlocks(String type) {
            var list = new ArrayList<JsonNode>();
            for (JsonNode file : files) {
                file.path("resource")
                        .path(type)
                        .properties()
                        .forEach(e -> list.add(e.getValue().get(0)));
            }
            return list;
        }

        Set<String> locals() {
            var names = new TreeSet<String>();
            for (JsonNode file : files)
                file.path("locals").forEach(block -> block.fieldNames().forEachRemaining(names::add));
            return names;
        }

        JsonNode local(String name) {
            for (JsonNode file : files) {
                for (JsonNode block : file.path("locals")) if (block.has(name)) return block.get(name);
            }
            return null;
        }
    }

    private static final Map<Path, Module> modules = new LinkedHashMap<>();

    /** Each test is skipped (or failed in CI) with the reason when the parser is missing; parsed once. */
    @BeforeEach
    void parseOnce() throws Exception {
        RealServices.requirePresent(
                onPath("node"), "node is not on PATH: DeployTerraformTest parses HCL with @cdktf/hcl2json");
        RealServices.requirePresent(
                Files.isDirectory(HCL2JSON.resolve("node_modules/@cdktf/hcl2json")),
                "@cdktf/hcl2json is not installed in " + HCL2JSON + ": run `bash .ci/services.sh hcl2json`");
        synchronized (modules) {
            if (modules.isEmpty()) parse();
        }
    }

    private static void parse() throws Exception {
        List<Path> tfFiles;
        try (Stream<Path> walk = Files.walk(TERRAFORM)) {
            tfFiles = walk.filter(p -> p.toString().endsWith(".tf"))
                    .filter(p -> !p.toString().contains("/.terraform/"))
                    .sorted()
                    .toList();
        }
        var command = new ArrayList<>(List.of("node", "parse.mjs"));
        tfFiles.forEach(p -> command.add(p.toString()));
        Process node = new ProcessBuilder(command)
                .directory(HCL2JSON.toFile())
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        var out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        var err = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("hcl2json finished").isTrue();
        assertThat(node.exitValue()).as("hcl2json: " + err).isZero();
        JsonNode parsed = new ObjectMapper().readTree(out);
        for (Path file : tfFiles) {
            JsonNode json = parsed.get(file.toString());
            assertThat(json).as(file.toString()).isNotNull();
            modules.computeIfAbsent(file.getParent(), dir -> new Module(dir, new ArrayList<>()))
                    .files()
                    .add(json);
        }
    }

    private static Module root() {
        return modules.get(TERRAFORM);
    }

    @Test
    void theRootAndItsModulesAreThere() {
        assertThat(modules.keySet().stream().map(d -> TERRAFORM.relativize(d).toString()))
                .containsExactlyInAnyOrder(
                        "",
                        "modules/network",
                        "modules/ecr",
                        "modules/alb",
                        "modules/ecs_service",
                        "modules/orders_queue",
                        "modules/order_function");
    }

    @Test
    void everyReferenceNamesSomethingDeclared() {
        modules.values().forEach(module -> {
            Set<String> variables = module.blocks("variable").keySet();
            Set<String> locals = module.locals();
            Map<String, JsonNode> calls = module.blocks("module");
            Set<String> resources = module.typed("resource");
            Set<String> data = module.typed("data");
            for (String expression : expressions(module)) {
                String where = TERRAFORM.relativize(module.dir()) + ": " + expression;
                each(VAR, expression, m -> assertThat(variables).as(where).contains(m.group(1)));
                each(LOCAL, expression, m -> assertThat(locals).as(where).contains(m.group(1)));
                each(DATA, expression, m -> assertThat(data).as(where).contains(m.group(1) + "." + m.group(2)));
                each(
                        RESOURCE,
                        expression,
                        m -> assertThat(resources).as(where).contains(m.group(1) + "." + m.group(2)));
                each(MODULE, expression, m -> {
                    assertThat(calls).as(where).containsKey(m.group(1));
                    if (m.group(2) != null) {
                        Module called = modules.get(source(module, calls.get(m.group(1))));
                        assertThat(called.blocks("output")).as(where).containsKey(m.group(2));
                    }
                });
            }
        });
    }

    @Test
    void everyModuleCallPassesItsVariablesAndNoOthers() {
        modules.values()
                .forEach(module -> module.blocks("module").forEach((name, call) -> {
                    Module called = modules.get(source(module, call));
                    assertThat(called).as("module " + name + " source").isNotNull();
                    Map<String, JsonNode> variables = called.blocks("variable");
                    var passed = new TreeSet<String>();
                    call.fieldNames().forEachRemaining(passed::add);
                    passed.removeAll(META_ARGUMENTS);
                    assertThat(variables.keySet())
                            .as("variables of module " + name)
                            .containsAll(passed);
                    variables.forEach((variable, block) -> {
                        if (!block.has("default"))
                            assertThat(passed).as("module " + name + " needs").contains(variable);
                    });
                }));
    }

    @Test
    void everyVariableAndOutputIsDescribed() {
        modules.values().forEach(module -> {
            for (String kind : List.of("variable", "output")) {
                module.blocks(kind)
                        .forEach((name, block) -> assertThat(
                                        block.path("description").asText())
                                .as(TERRAFORM.relativize(module.dir()) + " " + kind + " " + name)
                                .isNotBlank());
            }
        });
    }

    @Test
    void everyRoleRunsARealCommandWithRealVariables() throws IOException {
        JsonNode services = root().local("services");
        assertThat(services).isNotNull();
        var roles = new TreeSet<String>();
        services.fieldNames().forEachRemaining(roles::add);
        assertThat(roles).containsExactlyInAnyOrderElementsOf(DeployRoles.CLUSTER);
        services.properties().forEach(e -> {
            List<String> command = strings(e.getValue().get("command"));
            CliModel.assertRunnable("terraform service " + e.getKey(), command);
        });
        Set<String> cli = CliModel.environmentVariables();
        Set<String> lambda = CliModel.lambdaEnvironmentVariables();
        try (Stream<Path> walk = Files.walk(TERRAFORM)) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".tf")).toList()) {
                // the function's module sets the handler's variables; the root passes them on (payment_time)
                Set<String> allowed = new TreeSet<>(file.getParent().endsWith("order_function") ? Set.of() : cli);
                if (!file.getParent().endsWith("ecs_service")) allowed.addAll(lambda);
                Matcher m = SCALELAB_VARIABLE.matcher(Files.readString(file));
                while (m.find()) {
                    assertThat(allowed)
                            .as(TERRAFORM.relativize(file) + " names " + m.group())
                            .contains(m.group());
                }
            }
        }
    }

    @Test
    void searchAndCatalogTrackCpuBetweenTwoAndFourTasksBehindTheAlb() {
        JsonNode services = root().local("services");
        for (String role : List.of("search", "catalog")) {
            JsonNode s = services.get(role);
            assertThat(s.get("min").asInt()).as(role).isEqualTo(2);
            assertThat(s.get("max").asInt()).as(role).isEqualTo(4);
            assertThat(s.get("port").isNumber()).as(role + " behind the ALB").isTrue();
        }
        Module ecs = modules.get(TERRAFORM.resolve("modules/ecs_service"));
        JsonNode policy = ecs.typedBlocks("aws_appautoscaling_policy").get(0);
        assertThat(policy.get("policy_type").asText()).isEqualTo("TargetTrackingScaling");
        JsonNode config =
                policy.get("target_tracking_scaling_policy_configuration").get(0);
        assertThat(config.get("predefined_metric_specification")
                        .get(0)
                        .get("predefined_metric_type")
                        .asText())
                .isEqualTo("ECSServiceAverageCPUUtilization");
        assertThat(root().blocks("module")
                        .get("service")
                        .get("cpu_target_percent")
                        .asInt())
                .isEqualTo(70);
        Module alb = modules.get(TERRAFORM.resolve("modules/alb"));
        assertThat(alb.typed("resource"))
                .contains("aws_lb.this", "aws_lb_target_group.service", "aws_lb_listener.service");
        assertThat(alb.typedBlocks("aws_lb_target_group")
                        .get(0)
                        .get("health_check")
                        .get(0)
                        .get("path")
                        .asText())
                .isEqualTo("/health");
    }

    @Test
    void theAwsPiecesOfTheIssueAreThere() {
        var all = new TreeSet<String>();
        modules.values().forEach(m -> m.typed("resource").forEach(r -> all.add(r.substring(0, r.indexOf('.')))));
        assertThat(all)
                .contains(
                        "aws_vpc",
                        "aws_subnet",
                        "aws_nat_gateway",
                        "aws_ecr_repository",
                        "aws_ecs_cluster",
                        "aws_ecs_task_definition",
                        "aws_ecs_service",
                        "aws_lb",
                        "aws_lb_target_group",
                        "aws_lb_listener",
                        "aws_appautoscaling_target",
                        "aws_appautoscaling_policy",
                        "aws_sns_topic",
                        "aws_sqs_queue",
                        "aws_sns_topic_subscription",
                        "aws_lambda_function",
                        "aws_lambda_event_source_mapping",
                        "aws_cloudwatch_log_group");
    }

    @Test
    void theOrderFunctionIsTheRealHandlerFedByTheQueueWithADeadLetterQueue() throws Exception {
        Module function = modules.get(TERRAFORM.resolve("modules/order_function"));
        JsonNode lambda = function.typedBlocks("aws_lambda_function").get(0);
        assertThat(lambda.get("runtime").asText()).isEqualTo("java21");
        String[] handler = lambda.get("handler").asText().split("::");
        Class<?> type = Class.forName(handler[0]);
        assertThat(type.getMethod(
                        handler[1],
                        com.amazonaws.services.lambda.runtime.events.SQSEvent.class,
                        com.amazonaws.services.lambda.runtime.Context.class))
                .isNotNull();
        JsonNode mapping =
                function.typedBlocks("aws_lambda_event_source_mapping").get(0);
        assertThat(strings(mapping.get("function_response_types"))).containsExactly("ReportBatchItemFailures");
        Module queue = modules.get(TERRAFORM.resolve("modules/orders_queue"));
        assertThat(queue.typed("resource"))
                .contains("aws_sqs_queue.orders", "aws_sqs_queue.dead_letter", "aws_sns_topic_subscription.orders");
        String redrive = queue.typedBlocks("aws_sqs_queue").stream()
                .filter(q -> q.has("redrive_policy"))
                .findFirst()
                .orElseThrow()
                .get("redrive_policy")
                .asText();
        assertThat(redrive).contains("aws_sqs_queue.dead_letter.arn", "maxReceiveCount");
        JsonNode subscription = queue.typedBlocks("aws_sns_topic_subscription").get(0);
        assertThat(subscription.get("raw_message_delivery").asBoolean())
                .as("each SQS body is one Order JSON")
                .isTrue();
    }

    @Test
    void noSecretIsWrittenDown() throws IOException {
        root().blocks("variable").forEach((name, block) -> {
            if (name.matches(".*(password|token|db_url|broker_url)$")) {
                assertThat(block.has("default")).as(name + " has no default").isFalse();
                assertThat(block.path("sensitive").asBoolean())
                        .as(name + " is sensitive")
                        .isTrue();
            }
        });
        try (Stream<Path> walk = Files.walk(TERRAFORM)) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".tf")).toList()) {
                assertThat(Files.readString(file))
                        .as(file.toString())
                        .doesNotContainPattern("(?i)password\\s*=\\s*\"")
                        .doesNotContainPattern("amqps?://[^\"$]*:[^\"$]*@")
                        .doesNotContain("password=");
            }
        }
    }

    /** Every {@code ${...}} expression of a module, as hcl2json writes them. */
    private static List<String> expressions(Module module) {
        var list = new ArrayList<String>();
        for (JsonNode file : module.files()) collect(file, list);
        return list;
    }

    private static void collect(JsonNode node, List<String> into) {
        if (node.isTextual()) {
            String text = node.asText();
            int start = text.indexOf("${");
            while (start >= 0) {
                int depth = 0;
                int end = start + 1;
                for (; end < text.length(); end++) {
                    char c = text.charAt(end);
                    if (c == '{') depth++;
                    if (c == '}' && --depth == 0) break;
                }
                into.add(text.substring(start, Math.min(end + 1, text.length())));
                start = text.indexOf("${", end);
            }
        }
        node.properties().forEach(e -> collect(e.getValue(), into));
        if (node.isArray()) node.forEach(n -> collect(n, into));
    }

    private static void each(Pattern pattern, String text, java.util.function.Consumer<Matcher> check) {
        Matcher m = pattern.matcher(text);
        while (m.find()) check.accept(m);
    }

    private static Path source(Module caller, JsonNode call) {
        return caller.dir().resolve(call.get("source").asText()).normalize();
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }
}
