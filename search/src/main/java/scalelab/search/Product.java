package scalelab.search;

/** One product of the generated catalogue, as API.md writes it. */
public record Product(int id, String name, String category, String description, String brand) {}
