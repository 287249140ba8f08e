package scalelab.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import scalelab.core.http.HttpServer;
import scalelab.kv.KvRoutes;
import scalelab.kv.KvStore;

@Command(
        name = "kv",
        mixinStandardHelpOptions = true,
        description = "Run the key-value server, the raw target of the load tests (GET /get?key=K, POST /post).",
        footer = {"", "Example:", "  curl -s 'localhost:8080/get?key=test'"})
final class KvCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Option(
            names = "--max-keys",
            defaultValue = "${env:SCALELAB_KV_MAX_KEYS:-" + KvStore.DEFAULT_MAX_KEYS + "}",
            paramLabel = "N",
            description = "Most keys held; a new key beyond it answers 507 STORE_FULL"
                    + " (default: ${DEFAULT-VALUE}, env SCALELAB_KV_MAX_KEYS).")
    int maxKeys;

    @Override
    public Integer call() throws InterruptedException {
        var store = new KvStore(maxKeys); // checks maxKeys >= 1
        HttpServer http = HttpServer.start(server.config("kv"), new KvRoutes(store));
        Lifecycle.serve(List.of(http));
        return 0;
    }
}
