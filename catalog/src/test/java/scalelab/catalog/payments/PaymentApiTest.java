package scalelab.catalog.payments;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import scalelab.catalog.OpenApiCheck;
import scalelab.core.http.HttpServer;
import scalelab.core.http.ServerConfig;
import scalelab.core.json.Json;

/** The payments row of API.md over HTTP, against carts 1 to 100. */
class PaymentApiTest {
    static final String VISA = "4242424242424242";

    /** Carts 1..100 exist; counts lookups to prove a bad body never reaches the cart check. */
    private final AtomicInteger cartLookups = new AtomicInteger();

    private final Payments payments = new Payments(
            cartId -> {
                cartLookups.incrementAndGet();
                return cartId <= 100;
            },
            PaymentsTest.CLOCK);
    private final HttpServer server = HttpServer.start(ServerConfig.loopback("payments"), new PaymentRoutes(payments));
    private final OpenApiCheck.Http http = OpenApiCheck.http(server.uri());

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> checkout(String card, int cartId) {
        return http.post(
                "/payments/checkout", "{\"credit_card_number\":\"" + card + "\",\"shopping_cart_id\":" + cartId + "}");
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class);
    }

    @Test
    void anApprovedCardAnswers200WithATransactionId() {
        var response = checkout(VISA, 1);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("transaction_id").asText()).startsWith("txn_");
        assertThat(body.size()).isEqualTo(2);
    }

    @Test
    void aRecordedPaymentCanBeReadBackWithTheLastFourDigitsOnly() {
        String id = json(checkout("5555555555554444", 42)).get("transaction_id").asText();

        var response = http.get("/payments/" + id);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo("{\"transaction_id\":\"" + id
                        + "\",\"success\":true,\"last4\":\"4444\",\"shopping_cart_id\":42}");
    }

    @Test
    void aDeclinedCardAnswers402WithTheErrorBodyAndItsTransactionId() {
        var response = checkout("4000000000000002", 1);

        assertThat(response.statusCode()).isEqualTo(402);
        JsonNode body = json(response);
        assertThat(body.get("error").asText()).isEqualTo("PAYMENT_DECLINED");
        assertThat(body.get("message").asText()).isEqualTo("the card was declined");
        String details = body.get("details").asText();
        assertThat(details).startsWith("decline_code card_declined, transaction_id txn_");

        String id = details.substring(details.indexOf("txn_"));
        assertThat(json(http.get("/payments/" + id)).get("success").asBoolean()).isFalse();
    }

    @Test
    void insufficientFundsAnswers402() {
        var response = checkout("4000000000009995", 1);
        assertThat(response.statusCode()).isEqualTo(402);
        assertThat(json(response).get("details").asText()).startsWith("decline_code insufficient_funds");
    }

    @Test
    void anUnknownCartAnswers404AndRecordsNothing() {
        var response = checkout(VISA, 101);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error").asText()).isEqualTo("CART_NOT_FOUND");
        assertThat(payments.ledgerSize()).isZero();
    }

    @Test
    void anUnknownCartWins404OverADecline() {
        assertThat(checkout("4000000000000002", 101).statusCode()).isEqualTo(404);
    }

    @Test
    void anInvalidBodyWins400OverAnUnknownCart() {
        var response = checkout("4242424242424241", 101);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(cartLookups).hasValue(0);
    }

    @Test
    void aBadCardAloneIsInvalidCardAndABadCartIdMakesItInvalidPaymentListingBoth() {
        JsonNode badCard = json(checkout("4242424242424241", 1));
        assertThat(badCard.get("error").asText()).isEqualTo("INVALID_CARD");
        assertThat(badCard.get("details").asText()).isEqualTo("credit_card_number ending in 4241 fails the Luhn check");

        JsonNode both = json(http.post("/payments/checkout", "{\"credit_card_number\":\"42\",\"shopping_cart_id\":0}"));
        assertThat(both.get("error").asText()).isEqualTo("INVALID_PAYMENT");
        assertThat(both.get("details").asText())
                .isEqualTo("shopping_cart_id must be >= 1; credit_card_number must be 13 to 19 characters");
    }

    @Test
    void anUnknownTransactionAnswers404() {
        for (String id : List.of("txn_00000000-0000-0000-0000-000000000000", "nope", "checkout")) {
            var response = http.get("/payments/" + id);
            assertThat(response.statusCode()).as(id).isEqualTo(404);
            assertThat(json(response).get("error").asText()).isEqualTo("PAYMENT_NOT_FOUND");
        }
    }

    static Stream<Arguments> hostileBodies() {
        String cart = ",\"shopping_cart_id\":1}";
        String card = "{\"credit_card_number\":\"4242424242424242\"";
        return Stream.of(
                Arguments.of("card as a number", "{\"credit_card_number\":4242424242424242" + cart, "INVALID_CARD"),
                Arguments.of("card as 1e20", "{\"credit_card_number\":1e20" + cart, "INVALID_CARD"),
                Arguments.of("card as a float", "{\"credit_card_number\":4.242424242424242E15" + cart, "INVALID_CARD"),
                Arguments.of("card null", "{\"credit_card_number\":null" + cart, "INVALID_CARD"),
                Arguments.of("card true", "{\"credit_card_number\":true" + cart, "INVALID_CARD"),
                Arguments.of(
                        "card in an array", "{\"credit_card_number\":[\"4242424242424242\"]" + cart, "INVALID_CARD"),
                Arguments.of(
                        "card as an object",
                        "{\"credit_card_number\":{\"n\":\"4242424242424242\"}" + cart,
                        "INVALID_CARD"),
                Arguments.of("card missing", "{\"shopping_cart_id\":1}", "INVALID_CARD"),
                Arguments.of(
                        "card with spaces", "{\"credit_card_number\":\"4242 4242 4242 4242\"" + cart, "INVALID_CARD"),
                Arguments.of(
                        "card with dashes", "{\"credit_card_number\":\"4242-4242-4242-4242\"" + cart, "INVALID_CARD"),
                Arguments.of("card full-width", "{\"credit_card_number\":\"４２４２４２４２４２４２４２４２\"" + cart, "INVALID_CARD"),
                Arguments.of(
                        "card with NUL", "{\"credit_card_number\":\"424242424242424\\u0000\"" + cart, "INVALID_CARD"),
                Arguments.of("card 12 digits", "{\"credit_card_number\":\"424242424242\"" + cart, "INVALID_CARD"),
                Arguments.of(
                        "card 20 digits", "{\"credit_card_number\":\"42424242424242424242\"" + cart, "INVALID_CARD"),
                Arguments.of("card fails Luhn", "{\"credit_card_number\":\"4242424242424241\"" + cart, "INVALID_CARD"),
                Arguments.of(
                        "card 1 MB",
                        "{\"credit_card_number\":\"" + "4".repeat(1_000_000) + "\"" + cart,
                        "INVALID_CARD"),
                Arguments.of("cart as a string", card + ",\"shopping_cart_id\":\"1\"}", "INVALID_PAYMENT"),
                Arguments.of("cart 1e20", card + ",\"shopping_cart_id\":1e20}", "INVALID_PAYMENT"),
                Arguments.of("cart 2147483648", card + ",\"shopping_cart_id\":2147483648}", "INVALID_PAYMENT"),
                Arguments.of("cart 1.5", card + ",\"shopping_cart_id\":1.5}", "INVALID_PAYMENT"),
                Arguments.of("cart 1.0", card + ",\"shopping_cart_id\":1.0}", "INVALID_PAYMENT"),
                Arguments.of("cart 0", card + ",\"shopping_cart_id\":0}", "INVALID_PAYMENT"),
                Arguments.of("cart -1", card + ",\"shopping_cart_id\":-1}", "INVALID_PAYMENT"),
                Arguments.of("cart null", card + ",\"shopping_cart_id\":null}", "INVALID_PAYMENT"),
                Arguments.of("cart in an array", card + ",\"shopping_cart_id\":[1]}", "INVALID_PAYMENT"),
                Arguments.of("cart true", card + ",\"shopping_cart_id\":true}", "INVALID_PAYMENT"),
                Arguments.of("cart missing", card + "}", "INVALID_PAYMENT"),
                Arguments.of("empty object", "{}", "INVALID_PAYMENT"),
                Arguments.of("array body", "[" + card + cart + "]", "INVALID_BODY"),
                Arguments.of("string body", "\"4242424242424242\"", "INVALID_BODY"),
                Arguments.of("number body", "4242424242424242", "INVALID_BODY"),
                Arguments.of("null body", "null", "INVALID_BODY"),
                Arguments.of("missing body", "", "MISSING_BODY"),
                Arguments.of("malformed JSON", card + ",", "MALFORMED_JSON"),
                Arguments.of("not JSON at all", "credit_card_number=4242424242424242", "MALFORMED_JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileBodies")
    void aHostileBodyAnswers400AndRecordsNothing(String what, String body, String code) {
        var response = http.post("/payments/checkout", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo(code);
        assertThat(response.body()).doesNotContainPattern("[0-9]{13,}");
        assertThat(payments.ledgerSize()).isZero();
        assertThat(cartLookups).hasValue(0);
    }

    @Test
    void noBodyAndNoContentTypeAnswers400() {
        var response = http.send("POST", "/payments/checkout", null, new byte[0]);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(payments.ledgerSize()).isZero();
    }

    @Test
    void aBodyPastTheServerLimitAnswers413AndRecordsNothing() {
        // a small limit: with the 1 MiB default the server closes while the client is still sending, and
        // the client may see a reset instead of the 413
        try (var small = HttpServer.start(
                ServerConfig.loopback("payments").withMaxBodyBytes(1024), new PaymentRoutes(payments))) {
            String body = "{\"credit_card_number\":\"" + "4".repeat(2_000) + "\",\"shopping_cart_id\":1}";
            var response = OpenApiCheck.http(small.uri()).post("/payments/checkout", body);
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(json(response).get("error").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        }
        assertThat(payments.ledgerSize()).isZero();
    }

    @Test
    void noAnswerOrLogLineEverContainsAWholeCardNumber() {
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level rootLevel = root.getLevel();
        var appender = new ListAppender<ILoggingEvent>();
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.ALL); // access log, 4xx lines and payment lines are all DEBUG
        List<String> numbers = List.of(
                VISA,
                "378282246310005",
                "4000000000000002",
                "4000000000009995",
                "4242424242424241",
                "42424242424242424242",
                "4242 4242 4242 4242",
                "4242-4242-4242-4242");
        List<String> answers = new ArrayList<>();
        try {
            for (String number : numbers) {
                answers.add(checkout(number, 1).body());
                answers.add(checkout(number, 101).body());
                answers.add(checkout(number, 0).body());
                answers.add(http.post("/payments/checkout", "{\"credit_card_number\":\"" + number + "\",")
                        .body());
                answers.add(
                        http.post("/payments/checkout", "[\"" + number + "\"]").body());
            }
            answers.add(http.get("/metrics").body());
        } finally {
            root.detachAppender(appender);
            root.setLevel(rootLevel);
        }

        List<String> logged = appender.list.stream()
                .map(e -> e.getFormattedMessage()
                        + (e.getThrowableProxy() == null
                                ? ""
                                : " " + e.getThrowableProxy().getMessage()))
                .toList();
        assertThat(logged).anyMatch(line -> line.contains("**** **** **** 4242")); // the payment lines ran
        for (String number : numbers) {
            assertThat(answers).noneMatch(answer -> answer.contains(number));
            assertThat(logged).as(number).noneMatch(line -> line.contains(number));
        }
        assertThat(answers).noneMatch(answer -> answer.matches("(?s).*[0-9]{13,}.*"));
    }

    @Test
    void transactionIdsAreUniqueUnderConcurrentRequests() throws Exception {
        var ids = ConcurrentHashMap.<String>newKeySet();
        try (var pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        var response = checkout(VISA, 1 + i);
                        assertThat(response.statusCode()).isEqualTo(200);
                        ids.add(json(response).get("transaction_id").asText());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(ids).hasSize(400);
        assertThat(payments.ledgerSize()).isEqualTo(400);
    }

    @Test
    void metricsCountApprovedAndDeclinedPayments() {
        checkout(VISA, 1);
        checkout("4000000000000002", 1);

        JsonNode metrics = json(http.get("/metrics")).get("payments");
        assertThat(metrics.get("approved").asLong()).isEqualTo(1);
        assertThat(metrics.get("declined").asLong()).isEqualTo(1);
        assertThat(metrics.get("ledger_size").asInt()).isEqualTo(2);
    }

    /** A ledger that counts lookups and, once {@code failing} is set, fails like a database that is down. */
    static final class WatchedLedger implements PaymentLedger {
        final InMemoryPaymentLedger inner = new InMemoryPaymentLedger(100);
        final AtomicInteger finds = new AtomicInteger();
        volatile boolean failing;

        private void check() {
            if (failing) {
                throw new IllegalStateException("database down");
            }
        }

        @Override
        public void record(Payment payment) {
            check();
            inner.record(payment);
        }

        @Override
        public Optional<Payment> find(String transactionId) {
            finds.incrementAndGet();
            check();
            return inner.find(transactionId);
        }

        @Override
        public Optional<String> paidFor(int cartId) {
            check();
            return inner.paidFor(cartId);
        }

        @Override
        public long size() {
            check();
            return inner.size();
        }
    }

    @Test
    void anIdWithoutTheShapeOfATransactionIdIs404WithoutAskingTheLedger() {
        var ledger = new WatchedLedger();
        try (var server = HttpServer.start(
                ServerConfig.loopback("payments"),
                new PaymentRoutes(new Payments(id -> true, PaymentsTest.CLOCK, ledger)))) {
            var http = OpenApiCheck.http(server.uri());
            String longId = "txn_" + "a".repeat(1_000);
            for (String id : List.of("nope", "%00", "txn_1", "TXN_00000000-0000-0000-0000-000000000000", longId)) {
                var response = http.get("/payments/" + id);
                assertThat(response.statusCode()).as(id).isEqualTo(404);
                assertThat(json(response).get("error").asText()).isEqualTo("PAYMENT_NOT_FOUND");
            }
            assertThat(ledger.finds).hasValue(0);
            assertThat(http.get("/payments/txn_00000000-0000-0000-0000-000000000000")
                            .statusCode())
                    .isEqualTo(404);
            assertThat(ledger.finds).hasValue(1); // a well-shaped id is looked up
        }
    }

    @Test
    void healthIsUnhealthy503WithTheHealthBodyWhenTheLedgerFails() {
        var ledger = new WatchedLedger();
        try (var server = HttpServer.start(
                ServerConfig.loopback("payments"),
                new PaymentRoutes(new Payments(id -> true, PaymentsTest.CLOCK, ledger)))) {
            var http = OpenApiCheck.http(server.uri());
            assertThat(http.get("/health").statusCode()).isEqualTo(200);
            ledger.failing = true;
            var health = http.get("/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(json(health).get("status").asText()).isEqualTo("unhealthy");
            assertThat(json(health).has("error")).isFalse();
            assertThat(http.get("/metrics").statusCode()).isEqualTo(200);
        }
    }
}
