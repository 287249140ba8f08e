package scalelab.resilience.product;

import java.math.BigDecimal;

/** A product as API.md has it: {@code {"id":"1","name":"Laptop","price":999.99,"stock":10}}. */
public record Product(String id, String name, BigDecimal price, int stock) {}
