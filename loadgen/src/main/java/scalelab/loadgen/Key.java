package scalelab.loadgen;

/** What statistics are grouped by: the method (Locust's "Type") and the request name. */
public record Key(String method, String name) implements Comparable<Key> {
    @Override
    public int compareTo(Key other) {
        int byName = name.compareTo(other.name);
        return byName != 0 ? byName : method.compareTo(other.method);
    }

    @Override
    public String toString() {
        return method + " " + name;
    }
}
