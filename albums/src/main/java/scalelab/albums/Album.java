package scalelab.albums;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.util.List;

/** An album as clients see it: {@code {"id":"1","title":"Blue Train","artist":"John Coltrane","price":56.99}}. */
@JsonPropertyOrder({"id", "title", "artist", "price"})
public record Album(String id, String title, String artist, BigDecimal price) {

    /** The albums an empty store starts with, as in the original service. */
    public static final List<Album> SEED = List.of(
            new Album("1", "Blue Train", "John Coltrane", new BigDecimal("56.99")),
            new Album("2", "Jeru", "Gerry Mulligan", new BigDecimal("17.99")),
            new Album("3", "Sarah Vaughan and Clifford Brown", "Sarah Vaughan", new BigDecimal("39.99")));

    Album withId(String newId) {
        return new Album(newId, title, artist, price);
    }
}
