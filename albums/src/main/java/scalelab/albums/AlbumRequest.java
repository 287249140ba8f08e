package scalelab.albums;

import java.math.BigDecimal;
import java.util.regex.Pattern;
import scalelab.core.http.Problems;

/**
 * Body of {@code POST /albums} and {@code PUT /albums/{id}}. Jackson binds it; {@link #validated()}
 * turns every bad field into one 400. {@code id} is optional: without it, POST assigns the next free
 * number and PUT takes the id from the path.
 */
public record AlbumRequest(String id, String title, String artist, BigDecimal price) {
    static final int MAX_TEXT_LENGTH = 500;
    static final BigDecimal MAX_PRICE = new BigDecimal("1000000000");
    static final int MAX_PRICE_DECIMALS = 10;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._~-]{1,64}");

    AlbumRequest validated() {
        var problems = new Problems();
        problems.check(id == null || ID.matcher(id).matches(), "id must be 1..64 letters, digits or ._~-");
        checkText(problems, "title", title);
        checkText(problems, "artist", artist);
        problems.check(price != null, "price is required");
        problems.check(price == null || price.signum() >= 0, "price must be >= 0");
        problems.check(price == null || price.compareTo(MAX_PRICE) <= 0, "price must be <= " + MAX_PRICE);
        problems.check(
                price == null || price.stripTrailingZeros().scale() <= MAX_PRICE_DECIMALS,
                "price must have at most " + MAX_PRICE_DECIMALS + " decimals");
        problems.throwIfAny("INVALID_ALBUM", "album is invalid");
        return this;
    }

    static boolean isValidId(String id) {
        return ID.matcher(id).matches();
    }

    private static void checkText(Problems problems, String field, String value) {
        problems.check(value != null && !value.isBlank(), field + " must not be blank");
        problems.check(value == null || value.length() <= MAX_TEXT_LENGTH, field + " must be at most 500 characters");
        problems.check(
                value == null || value.chars().noneMatch(Character::isISOControl),
                field + " must not contain control characters");
    }

    Album toAlbum(String albumId) {
        return new Album(albumId, title.strip(), artist.strip(), price);
    }
}
