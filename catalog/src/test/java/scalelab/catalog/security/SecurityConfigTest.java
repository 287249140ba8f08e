package scalelab.catalog.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import scalelab.core.http.Routes;

/** Settings, the startup warning, what is sent to other services; keys and secrets never shown. */
class SecurityConfigTest {
    static final String SECRET = "s3cret-s3cret-s3cret-s3cret-s3cret";

    private final Logger authLog = (Logger) LoggerFactory.getLogger(Authenticator.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    {
        logged.start();
        authLog.addAppender(logged);
    }

    @AfterEach
    void detach() {
        authLog.detachAppender(logged);
    }

    @Test
    void blankValuesMeanNotConfigured() {
        var config = new SecurityConfig("  ", "");
        assertThat(config.isOpen()).isTrue();
        assertThat(config.apiKey()).isNull();
        assertThat(config.mode()).isEqualTo("open");
    }

    @Test
    void jwtSecretShorterThan32BytesIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> SecurityConfig.jwt("short-secret-xyz"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--jwt-secret must be at least 32 bytes for HS256 but was 16 bytes")
                .hasMessageNotContaining("short-secret-xyz");
        assertThat(SecurityConfig.jwt("x".repeat(32)).mode()).isEqualTo("jwt");
    }

    @Test
    void toStringShowsTheModeNeverTheKeyOrSecret() {
        var config = new SecurityConfig("the-key", SECRET);
        assertThat(config.toString()).isEqualTo("SecurityConfig[mode=api-key+jwt]");
    }

    @Test
    void openServiceWarnsOnceAtStart() {
        Authenticator.open().announce("catalog");
        assertThat(logged.list).hasSize(1);
        assertThat(logged.list.get(0).getLevel()).isEqualTo(Level.WARN);
        assertThat(logged.list.get(0).getFormattedMessage()).contains("catalog", "open");
    }

    @Test
    void securedServiceAnnouncesItsModeWithoutTheSecrets() {
        Authenticator.of(new SecurityConfig("the-key", SECRET)).announce("catalog");
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.INFO);
            assertThat(event.getFormattedMessage()).contains("api-key+jwt").doesNotContain("the-key", SECRET);
        });
    }

    @Test
    void openAuthenticatorLeavesRoutesAsTheyAre() {
        Routes routes = router -> {};
        assertThat(Secured.writes(routes, Authenticator.open())).isSameAs(routes);
        assertThat(Secured.writes(routes, Authenticator.of(SecurityConfig.apiKey("k"))))
                .isNotSameAs(routes);
    }

    @Test
    void outgoingCallsCarryTheKeyElseAFreshJwtElseNothing() {
        assertThat(headers(Credentials.from(new SecurityConfig("the-key", SECRET))))
                .containsExactly("X-API-Key: the-key");
        assertThat(headers(Credentials.from(SecurityConfig.jwt(SECRET))))
                .singleElement()
                .satisfies(h -> assertThat(h).startsWith("Authorization: Bearer ey"));
        assertThat(headers(Credentials.from(SecurityConfig.open()))).isEmpty();
    }

    private static List<String> headers(Credentials credentials) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1/"));
        credentials.addTo(request);
        return request.build().headers().map().entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> e.getKey() + ": " + v))
                .toList();
    }
}
