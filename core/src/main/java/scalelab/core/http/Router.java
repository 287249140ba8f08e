package scalelab.core.http;

/** Where {@link Routes} register handlers. Paths are templates: {@code /albums/{id}}. */
public interface Router {
    Router get(String path, Handler handler);

    Router post(String path, Handler handler);

    Router put(String path, Handler handler);

    Router delete(String path, Handler handler);
}
