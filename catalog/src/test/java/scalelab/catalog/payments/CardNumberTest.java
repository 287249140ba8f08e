package scalelab.catalog.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import scalelab.core.http.ApiException;
import scalelab.core.http.Problems;
import scalelab.core.json.Json;

/** Card numbers: 13-19 ASCII digits with a valid Luhn checksum, and never shown whole. */
class CardNumberTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "4242424242424242", // Visa
                "5555555555554444", // Mastercard
                "378282246310005", // Amex, 15 digits
                "4222222222222", // 13 digits, the shortest
                "4242424242424242428", // 19 digits, the longest
                "4000000000000002", // declined later, but a valid number
                "4000000000009995"
            })
    void validNumbersOfThirteenToNineteenDigitsParse(String number) {
        assertThat(CardNumber.parse(number).last4()).isEqualTo(number.substring(number.length() - 4));
    }

    @Test
    void everyTestCardHasAValidChecksum() {
        assertThat(Payments.DECLINED_TEST_CARDS.keySet()).allMatch(CardNumber::luhnValid);
        assertThat(Payments.APPROVED_TEST_CARDS).allMatch(CardNumber::luhnValid);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4242424242424241", "4242424242424243", "4000000000000001", "5555555555554440"})
    void aWrongCheckDigitIsInvalidCard(String number) {
        assertInvalid(number);
    }

    @Test
    void everySingleDigitTypoFailsTheLuhnCheck() {
        String number = "4242424242424242";
        for (int i = 0; i < number.length(); i++) {
            for (char digit = '0'; digit <= '9'; digit++) {
                if (digit != number.charAt(i)) {
                    String typo = number.substring(0, i) + digit + number.substring(i + 1);
                    assertThat(CardNumber.luhnValid(typo)).as(typo).isFalse();
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"424242424242", "42424242424242424242"}) // 12 and 20 digits, both Luhn-valid
    void twelveOrTwentyDigitsAreInvalidEvenWithAValidChecksum(String number) {
        assertThat(CardNumber.luhnValid(number)).isTrue();
        assertInvalid(number);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "4242 4242 4242 4242", // separators are rejected, not stripped
                "4242-4242-4242-4242",
                " 4242424242424242",
                "4242424242424242 ",
                "+4242424242424242",
                "-4242424242424242",
                "424242424242424a",
                "4242424242424242\n",
                "42424242.4242424",
                "0x42424242424242"
            })
    void nonDigitsAreInvalidCard(String text) {
        assertInvalid(text);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "４２４２４２４２４２４２４２４２", // full-width
                "٤٢٤٢٤٢٤٢٤٢٤٢٤٢٤٢", // Arabic-Indic
                "४२४२४२४२४२४२४२४२", // Devanagari
                "𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐𝟒𝟐" // mathematical bold, outside the BMP
            })
    void unicodeDigitsThatJavaCallsDigitsAreInvalidCard(String text) {
        assertThat(text.codePoints().allMatch(Character::isDigit)).isTrue();
        assertInvalid(text);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void nullOrEmptyIsInvalidCard(String text) {
        assertInvalid(text);
    }

    @Test
    void aLuhnFailureNamesAtMostTheLastFourDigits() {
        assertThatThrownBy(() -> CardNumber.parse("4242424242424241")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.details()).contains("ending in 4241");
            assertThat(e.getMessage() + e.details()).doesNotContainPattern("[0-9]{5,}");
        });
    }

    @Test
    void toStringAndJsonAreMasked() {
        var card = CardNumber.parse("4242424242424242");
        assertThat(card).hasToString("**** **** **** 4242");
        assertThat(Json.write(card)).isEqualTo("\"**** **** **** 4242\"");
        assertThat(CardNumber.parse("378282246310005")).hasToString("**** **** **** 0005");
    }

    @Test
    void cardsWithTheSameDigitsAreEqual() {
        assertThat(CardNumber.parse("4242424242424242"))
                .isEqualTo(CardNumber.parse("4242424242424242"))
                .hasSameHashCodeAs(CardNumber.parse("4242424242424242"))
                .isNotEqualTo(CardNumber.parse("5555555555554444"));
    }

    @Test
    void readRecordsAProblemForANumberInsteadOfAString() {
        var problems = new Problems();
        JsonNode body = Json.read("{\"card\": 4242424242424242}", JsonNode.class);
        assertThat(CardNumber.read(body, "card", problems)).isNull();
        assertThatThrownBy(() -> problems.throwIfAny("INVALID_CARD", "the card number is invalid"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.details()).isEqualTo("card must be a string"));
    }

    @Test
    void readReturnsTheCardWhenTheFieldIsValid() {
        var problems = new Problems();
        JsonNode body = Json.read("{\"card\": \"5555555555554444\"}", JsonNode.class);
        assertThat(CardNumber.read(body, "card", problems).last4()).isEqualTo("4444");
        assertThat(problems.isEmpty()).isTrue();
    }

    private static void assertInvalid(String text) {
        assertThatThrownBy(() -> CardNumber.parse(text)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("INVALID_CARD");
            if (text != null && !text.isEmpty()) {
                assertThat(e.getMessage() + " " + e.details()).doesNotContain(text);
            }
        });
    }
}
