package scalelab.catalog.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scalelab.catalog.Catalog;
import scalelab.catalog.OpenApiCheck;
import scalelab.core.http.HttpServer;
import scalelab.core.http.Routes;
import scalelab.core.http.ServerConfig;
import scalelab.core.json.Json;

/** The whole catalog behind an API key and a JWT secret, over HTTP: who may write, and who may not. */
class SecuredApiTest {
    static final String KEY = "k3y-for-tests";
    /** 64 bytes: long enough for HS512 too, so that a token signed with it is refused for its algorithm alone. */
    static final String SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final String PRODUCT_3 = "{\"product_id\":3,\"sku\":\"TAB-003\",\"manufacturer\":\"Acme\","
            + "\"category_id\":1,\"weight\":500,\"some_other_id\":7}";

    private final Authenticator auth = Authenticator.of(
            new SecurityConfig(KEY, SECRET), Clock.fixed(NOW, ZoneOffset.UTC), Authenticator.DEFAULT_LEEWAY);
    private final HttpServer server = HttpServer.start(
            ServerConfig.loopback("catalog"),
            Secured.writes(Catalog.inMemory().routes(), auth).toArray(Routes[]::new));
    /** Every answer, 401 and 403 included, is checked against openapi.yaml. */
    private final OpenApiCheck.Http http = OpenApiCheck.http(server.uri());

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String path, String json, String header, String value) {
        return http.post(path, json, header == null ? Map.of() : Map.of(header, value));
    }

    private HttpResponse<String> withKey(String path, String json, String key) {
        return post(path, json, "X-API-Key", key);
    }

    private HttpResponse<String> withBearer(String path, String json, String token) {
        return post(path, json, "Authorization", "Bearer " + token);
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = Json.read(response.body(), JsonNode.class);
        assertThat(body.get("error").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain(KEY, SECRET);
    }

    @Test
    void writeWithoutCredentialsAnswers401WithAChallenge() {
        var response = post("/products/3/details", PRODUCT_3, null, null);
        assertError(response, 401, "UNAUTHORIZED");
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge -> assertThat(challenge).contains("X-API-Key", "Bearer"));
    }

    @Test
    void writeWithAWrongKeyAnswers403AndStoresNothing() {
        assertError(withKey("/products/3/details", PRODUCT_3, KEY + "x"), 403, "FORBIDDEN");
        assertError(withKey("/products/3/details", PRODUCT_3, "k"), 403, "FORBIDDEN");
        assertThat(http.get("/products/3").statusCode()).isEqualTo(404);
    }

    @Test
    void writesWithTheRightKeyAreServed() {
        assertThat(withKey("/products/3/details", PRODUCT_3, KEY).statusCode()).isEqualTo(204);
        assertThat(http.get("/products/3").statusCode()).isEqualTo(200);
        var created = withKey("/shopping-carts", "{\"customer_id\":1}", KEY);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).isEqualTo("{\"shopping_cart_id\":1}");
    }

    @Test
    void refusedWritesStoreNothing() {
        assertError(post("/shopping-carts", "{\"customer_id\":1}", null, null), 401, "UNAUTHORIZED");
        assertError(withKey("/shopping-carts", "{\"customer_id\":1}", "wrong"), 403, "FORBIDDEN");
        assertError(withKey("/warehouse/reserve", "{\"product_id\":1,\"quantity\":5}", "wrong"), 403, "FORBIDDEN");
        assertThat(http.get("/warehouse/stock/1").body()).contains("\"reserved\":0");
        // the first cart created is number 1: no refused request made one
        assertThat(withKey("/shopping-carts", "{\"customer_id\":1}", KEY).body())
                .isEqualTo("{\"shopping_cart_id\":1}");
    }

    @Test
    void credentialsAreCheckedBeforeTheBodyIsRead() {
        assertError(post("/products/3/details", "{not json", null, null), 401, "UNAUTHORIZED");
        assertError(withKey("/products/3/details", "{not json", "wrong"), 403, "FORBIDDEN");
        var textPlain = http.send(
                "POST", "/shopping-carts", "text/plain", "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertError(textPlain, 401, "UNAUTHORIZED");
        // with the key, the same malformed body is the 400 it always was
        assertError(withKey("/products/3/details", "{not json", KEY), 400, "MALFORMED_JSON");
    }

    @Test
    void everyWriteRouteOfAChainIsChecked() {
        // CartRoutes registers its routes in one chain: the last of them must be checked too
        assertError(post("/shopping-carts/1/checkout", "", null, null), 401, "UNAUTHORIZED");
        assertError(
                post("/shopping-carts/1/items", "{\"product_id\":1,\"quantity\":1}", null, null), 401, "UNAUTHORIZED");
        assertError(post("/payments/checkout", "{}", null, null), 401, "UNAUTHORIZED");
        assertError(post("/warehouse/ship", "{}", null, null), 401, "UNAUTHORIZED");
        assertError(post("/warehouse/release", "{}", null, null), 401, "UNAUTHORIZED");
    }

    @Test
    void readsHealthAndMetricsStayOpen() {
        assertThat(http.get("/products/1").statusCode()).isEqualTo(200);
        assertThat(http.get("/warehouse/stock/1").statusCode()).isEqualTo(200);
        assertThat(http.get("/health").statusCode()).isEqualTo(200);
        assertThat(http.get("/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void validJwtIsAccepted() {
        String token = Tokens.hs256(SECRET, NOW.plus(Duration.ofMinutes(5)));
        assertThat(withBearer("/products/3/details", PRODUCT_3, token).statusCode())
                .isEqualTo(204);
        var lowerCaseScheme = post("/shopping-carts", "{\"customer_id\":1}", "Authorization", "bearer " + token);
        assertThat(lowerCaseScheme.statusCode()).isEqualTo(201);
    }

    @Test
    void jwtExpiredWithinTheLeewayIsStillAccepted() {
        String token = Tokens.hs256(SECRET, NOW.minus(Duration.ofSeconds(10)));
        assertThat(withBearer("/shopping-carts", "{\"customer_id\":1}", token).statusCode())
                .isEqualTo(201);
    }

    @Test
    void expiredJwtIsRefused() {
        String token = Tokens.hs256(SECRET, NOW.minus(Duration.ofMinutes(5)));
        assertError(withBearer("/products/3/details", PRODUCT_3, token), 403, "FORBIDDEN");
        assertThat(http.get("/products/3").statusCode()).isEqualTo(404);
    }

    @Test
    void jwtWithoutExpiryIsRefused() {
        String token = Tokens.signed(JWSAlgorithm.HS256, SECRET, Tokens.claims(null, null));
        assertError(withBearer("/shopping-carts", "{\"customer_id\":1}", token), 403, "FORBIDDEN");
    }

    @Test
    void jwtNotValidYetIsRefused() {
        String token = Tokens.signed(
                JWSAlgorithm.HS256,
                SECRET,
                Tokens.claims(NOW.plus(Duration.ofMinutes(5)), NOW.plus(Duration.ofMinutes(10))));
        assertError(withBearer("/shopping-carts", "{\"customer_id\":1}", token), 403, "FORBIDDEN");
    }

    @Test
    void unsignedJwtWithAlgNoneIsRefused() {
        String token = Tokens.unsigned(NOW.plus(Duration.ofMinutes(5)));
        assertThat(token).endsWith("."); // header.claims. and no signature
        assertError(withBearer("/products/3/details", PRODUCT_3, token), 403, "FORBIDDEN");
        assertThat(http.get("/products/3").statusCode()).isEqualTo(404);
    }

    @Test
    void jwtSignedWithAnotherSecretIsRefused() {
        String token = Tokens.hs256("another-secret-of-at-least-32-bytes!!", NOW.plus(Duration.ofMinutes(5)));
        assertError(withBearer("/products/3/details", PRODUCT_3, token), 403, "FORBIDDEN");
    }

    @Test
    void jwtSignedWithAnotherHmacAlgorithmIsRefused() {
        String token = Tokens.signed(JWSAlgorithm.HS512, SECRET, Tokens.claims(null, NOW.plus(Duration.ofMinutes(5))));
        assertError(withBearer("/products/3/details", PRODUCT_3, token), 403, "FORBIDDEN");
    }

    @Test
    void bearerThatIsNotAJwtOrAnotherSchemeAnswers401() {
        assertError(withBearer("/shopping-carts", "{\"customer_id\":1}", "not-a-jwt"), 401, "UNAUTHORIZED");
        assertError(
                post("/shopping-carts", "{\"customer_id\":1}", "Authorization", "Basic dXNlcjpwdw=="),
                401,
                "UNAUTHORIZED");
        assertError(post("/shopping-carts", "{\"customer_id\":1}", "X-API-Key", ""), 401, "UNAUTHORIZED");
    }
}
