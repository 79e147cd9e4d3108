package dev.redkit.otp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.otp.DestinationNormalizer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DestinationsTest {

    @Test
    void emailsAreTrimmedAndLowerCased() {
        assertThat(Destinations.email("  Ann.Lee+otp@Example.COM\t")).isEqualTo("ann.lee+otp@example.com");
        assertThat(Destinations.emailOrPhone("Ann@Example.com")).isEqualTo("ann@example.com");
        assertThat(Destinations.email("Gift\ud83c\udf81@Example.com"))
                .as("emoji are valid in e-mail addresses (RFC 6531)")
                .isEqualTo("gift\ud83c\udf81@example.com");
    }

    /** Issue 23: a composed and a decomposed spelling of one address are one destination, not two guess budgets. */
    @Test
    void emailsAreNormalisedToUnicodeNfc() {
        String composed = "Ren\u00e9@Caf\u00e9.example";
        String decomposed = "Rene\u0301@Cafe\u0301.example";
        assertThat(Destinations.email(decomposed))
                .isEqualTo(Destinations.email(composed))
                .isEqualTo("ren\u00e9@caf\u00e9.example");
    }

    /** Issue 23: variants of one number must be one destination (one cooldown, send cap and guess budget). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "+44 20 7946 0958       | +442079460958",
                "0044 20 7946 0958      | +442079460958",
                "+44 (0)20 7946 0958    | +442079460958",
                "+44 ( 0 ) 20 7946 0958 | +442079460958",
                "0044 (0)20 7946 0958   | +442079460958",
                "+44.20.7946.0958       | +442079460958",
                "+44-20-7946-0958       | +442079460958",
                "(+44) 20/7946 0958     | +442079460958",
                "+442079460958          | +442079460958",
                "+1 (415) 555-2671      | +14155552671",
                "001 415 555 2671       | +14155552671",
                "+1.415.555.2671        | +14155552671",
                "+91 98765-43210        | +919876543210",
            })
    void internationalVariantsOfOneNumberNormaliseToOneE164Form(String input, String canonical) {
        assertThat(Destinations.phone(input)).isEqualTo(canonical);
        assertThat(Destinations.emailOrPhone(" " + input + " ")).isEqualTo(canonical);
        assertThat(DestinationNormalizer.phone("44", "0").normalize(input))
                .as("a default changes nothing for + and 00")
                .isEqualTo(canonical);
    }

    @ParameterizedTest(name = "{0} with {1}/{2} -> {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "020 7946 0958          | 44 | 0 | +442079460958",
                "(0)20 7946 0958        | 44 | 0 | +442079460958",
                "20 7946 0958           | 44 | 0 | +442079460958",
                "(415) 555-2671         | 1  | 1 | +14155552671",
                "415.555.2671           | 1  | 1 | +14155552671",
                "1 415 555 2671         | 1  | 1 | +14155552671",
                "1-415-555-2671         | 1  | 1 | +14155552671",
                "06 1234 5678           | 39 | '' | +390612345678",
                "98765 43210            | 91 | 0 | +919876543210",
            })
    void nationalNumbersNeedADefaultCallingCode(
            String input, String callingCode, String nationalPrefix, String canonical) {
        assertThat(DestinationNormalizer.phone(callingCode, nationalPrefix).normalize(input))
                .isEqualTo(canonical);
        assertThat(DestinationNormalizer.emailOrPhone(callingCode, nationalPrefix)
                        .normalize(input))
                .isEqualTo(canonical);
        assertThatThrownBy(() -> Destinations.phone(input))
                .as("never guessed without a default")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("international phone number starting with + or 00");
    }

    @Test
    void phoneErrorsNameTheParameterAndTheNormaliserSettingsAreChecked() {
        for (String bad : List.of(
                "+0044 20 7946 0958",
                "000 1234 5678",
                "+44 20 7946 0958 12345",
                "044 20 7946 0958",
                "(415) 555-2671",
                "+1 (415) 555-267x")) {
            assertThatThrownBy(() -> Destinations.phone(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("destination ")
                    .hasMessageNotContaining("7946")
                    .hasMessageNotContaining("555");
        }
        assertThatThrownBy(() -> DestinationNormalizer.phone("044", "0")).hasMessageContaining("defaultCallingCode");
        assertThatThrownBy(() -> DestinationNormalizer.phone("1234", "0")).hasMessageContaining("defaultCallingCode");
        assertThatThrownBy(() -> DestinationNormalizer.phone(null, "0")).hasMessageContaining("defaultCallingCode");
        assertThatThrownBy(() -> DestinationNormalizer.phone("44", "x")).hasMessageContaining("nationalPrefix");
        assertThatThrownBy(() -> DestinationNormalizer.emailOrPhone("44", null)).hasMessageContaining("nationalPrefix");
        assertThat(DestinationNormalizer.emailOrPhone("44", "0").normalize("Ann@Example.com"))
                .isEqualTo("ann@example.com");
    }

    @Test
    void badDestinationsFailNamingTheParameterWithoutEchoingIt() {
        String[] bad = {
            null,
            "",
            "   ",
            "ann",
            "ann@",
            "@example.com",
            "a@b@c",
            "ann lee@example.com",
            "a\u0000@x.y",
            "a\ud83d@x.y",
            "a\ude00b@x.y",
            "x".repeat(250) + "@example.com",
            "12345",
            "1234567890123456",
            "98765 4321x",
            "98+7654321",
            "++4930123456",
            "\u0661\u0662\u0663\u0664\u0665\u0666\u0667"
        };
        for (String d : bad) {
            assertThatThrownBy(() -> Destinations.emailOrPhone(d))
                    .as(String.valueOf(d))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("destination ");
        }
        assertThatThrownBy(() -> Destinations.email("secret-person@")).hasMessageNotContaining("secret-person");
        assertThatThrownBy(() -> Destinations.phone("x".repeat(65))).hasMessageContaining("at most 64");
    }
}
