package scalelab.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import scalelab.core.http.ApiException;
import scalelab.core.http.Exchange;
import scalelab.core.http.Router;
import scalelab.core.http.Routes;

/**
 * The catalog's own OpenAPI document and a Swagger UI page on it, both served from the jar: nothing
 * comes from a CDN, so the docs work offline.
 *
 * <pre>
 * curl -s localhost:8080/openapi.yaml | head -2
 * #Output: openapi: 3.0.3
 * #Output: info:
 * xdg-open http://localhost:8080/docs      # Swagger UI, "Try it out" calls this service
 * </pre>
 */
public final class ApiDocs implements Routes {
    /** Where the document lives on the class path (catalog/src/main/resources). */
    public static final String OPENAPI_RESOURCE = "/openapi.yaml";

    private static final String WEBJAR_PROPERTIES = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";
    /** One file name of the Swagger UI WebJar: no slash, no leading dot, so no way out of its folder. */
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}");

    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "html", "text/html; charset=utf-8",
            "png", "image/png",
            "map", "application/json");

    private final byte[] openApi;
    private final String webjarFolder;

    public ApiDocs() {
        this.openApi = read(OPENAPI_RESOURCE);
        this.webjarFolder = "/META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";
    }

    @Override
    public void register(Router router) {
        router.get("/openapi.yaml", this::document).get("/docs", this::page).get("/docs/{file}", this::asset);
    }

    /** The OpenAPI document, as it is in the jar. */
    public static String document() {
        return new String(read(OPENAPI_RESOURCE), StandardCharsets.UTF_8);
    }

    private void document(Exchange ex) {
        ex.stream(200, "application/yaml; charset=utf-8", out -> out.write(openApi));
    }

    private void page(Exchange ex) {
        byte[] html = PAGE.getBytes(StandardCharsets.UTF_8);
        ex.stream(200, "text/html; charset=utf-8", out -> out.write(html));
    }

    private void asset(Exchange ex) {
        String file = ex.pathParam("file");
        String type = FILE_NAME.matcher(file).matches() ? TYPES.get(extension(file)) : null;
        InputStream in = type == null ? null : ApiDocs.class.getResourceAsStream(webjarFolder + file);
        if (in == null) {
            throw ApiException.notFound("NOT_FOUND", "no such docs file");
        }
        ex.header("Cache-Control", "public, max-age=86400");
        ex.stream(200, type, out -> {
            try (in) {
                in.transferTo(out);
            }
        });
    }

    private static String extension(String file) {
        int dot = file.lastIndexOf('.');
        return dot < 0 ? "" : file.substring(dot + 1);
    }

    private static String swaggerUiVersion() {
        var properties = new Properties();
        try (InputStream in = ApiDocs.class.getResourceAsStream(WEBJAR_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("the Swagger UI WebJar is not on the class path: " + WEBJAR_PROPERTIES);
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    private static byte[] read(String resource) {
        try (InputStream in = ApiDocs.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // Relative URLs: the page works wherever the service is mounted (a proxy prefix included).
    // validatorUrl null: Swagger UI would otherwise send the document to an online validator.
    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>scalelab catalog API</title>
              <link rel="stylesheet" href="docs/swagger-ui.css">
              <link rel="icon" type="image/png" href="docs/favicon-32x32.png">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="docs/swagger-ui-bundle.js"></script>
              <script src="docs/swagger-ui-standalone-preset.js"></script>
              <script>
                window.ui = SwaggerUIBundle({
                  url: "openapi.yaml",
                  dom_id: "#swagger-ui",
                  deepLinking: true,
                  validatorUrl: null,
                  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                  layout: "StandaloneLayout"
                });
              </script>
            </body>
            </html>
            """;
}
