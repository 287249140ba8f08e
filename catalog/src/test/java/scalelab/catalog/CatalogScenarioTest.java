package scalelab.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scalelab.catalog.products.Product;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;
import scalelab.core.json.Json;
import scalelab.loadgen.Key;
import scalelab.loadgen.LoadTest;
import scalelab.loadgen.RunData;
import scalelab.loadgen.WaitTime;

/** The catalog scenario against a fresh catalog: every request it makes is valid and finds its product. */
class CatalogScenarioTest {
    private final Catalog catalog = Catalog.inMemory();
    private final HttpServer server =
            HttpServer.start(ServerConfig.loopback("catalog"), catalog.routes().toArray(Routes[]::new));

    @AfterEach
    void stop() {
        server.close();
    }

    private RunData run(int gets, int posts, String client) throws InterruptedException {
        return LoadTest.against(server.uri())
                .scenario(CatalogScenario.mix(gets, posts, WaitTime.none()))
                .users(8)
                .duration(Duration.ofSeconds(2))
                .client(client)
                .seed(42)
                .run();
    }

    @Test
    void aFreshCatalogServesEveryRequestOfTheMixWithoutFailure() throws InterruptedException {
        for (String client : new String[] {"fast", "standard"}) {
            RunData data = run(3, 1, client);
            assertThat(data.total().failures())
                    .as(client + ": " + data.failures())
                    .isZero();
            assertThat(data.stats().get(new Key("GET", "/products/{id}")).requests())
                    .as(client)
                    .isPositive();
            assertThat(data.stats()
                            .get(new Key("POST", "/products/{id}/details"))
                            .requests())
                    .as(client)
                    .isPositive();
        }
        assertThat(catalog.products().count()).isEqualTo(CatalogScenario.PRODUCTS);
    }

    @Test
    void theMixSetsTheShareOfPosts() throws InterruptedException {
        RunData data = run(3, 7, "fast");
        long gets = data.stats().get(new Key("GET", "/products/{id}")).requests();
        long posts = data.stats().get(new Key("POST", "/products/{id}/details")).requests();
        assertThat((double) posts / (gets + posts)).isBetween(0.6, 0.8);
    }

    @Test
    void theBodyIsAValidProductOfItsId() {
        for (int id = 1; id <= CatalogScenario.PRODUCTS; id++) {
            var product =
                    Product.from(Json.read(CatalogScenario.body(id), com.fasterxml.jackson.databind.JsonNode.class));
            assertThat(product.productId()).isEqualTo(id);
        }
    }

    @Test
    void aMixNeedsBothRequests() {
        assertThatThrownBy(() -> CatalogScenario.mix(1, 0, WaitTime.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1:0");
    }
}
