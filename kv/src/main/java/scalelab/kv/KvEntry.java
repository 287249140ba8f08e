package scalelab.kv;

import scalelab.core.http.Problems;

/** Body of {@code POST /post}: {@code {"key": "K", "value": "V"}}, echoed back on success. */
public record KvEntry(String key, String value) {
    static final int MAX_KEY_LENGTH = 1024;

    KvEntry validated() {
        var problems = new Problems();
        problems.check(key != null && !key.isEmpty(), "key must not be empty");
        problems.check(key == null || key.length() <= MAX_KEY_LENGTH, "key must be at most 1024 characters");
        problems.check(value != null, "value is required (it may be \"\")");
        problems.throwIfAny("INVALID_ENTRY", "entry is invalid");
        return this;
    }
}
