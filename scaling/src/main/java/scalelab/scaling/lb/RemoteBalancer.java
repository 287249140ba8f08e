package scalelab.scaling.lb;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scalelab.core.client.JsonClient;

/** A balancer in another process, through its admin API ({@code POST} and {@code DELETE /lb/targets}). */
public final class RemoteBalancer implements TargetRegistry {
    private static final Logger log = LoggerFactory.getLogger(RemoteBalancer.class);
    private final URI base;
    private final JsonClient client;

    public RemoteBalancer(URI base, Duration timeout) {
        this.base = base;
        this.client = JsonClient.of(base, timeout, timeout);
    }

    @Override
    public boolean register(URI target) {
        try {
            var response = client.post("/lb/targets", Map.of("url", target.toString()));
            if (response.status() == 201) {
                return true;
            }
            log.warn("registering {} with {} answered {}: {}", target, base, response.status(), response.body());
        } catch (JsonClient.RemoteCallException e) {
            log.warn("registering {} with {} failed: {}; tried again later", target, base, e.getMessage());
        }
        return false;
    }

    @Override
    public void deregister(URI target) {
        var request = HttpRequest.newBuilder(
                        base.resolve("/lb/targets?url=" + URLEncoder.encode(target.toString(), StandardCharsets.UTF_8)))
                .DELETE()
                .build();
        try {
            var response = client.send(request);
            if (response.status() != 202 && response.status() != 404) {
                log.warn("deregistering {} from {} answered {}: {}", target, base, response.status(), response.body());
            }
        } catch (JsonClient.RemoteCallException e) {
            log.warn("deregistering {} from {} failed: {}", target, base, e.getMessage());
        }
    }
}
