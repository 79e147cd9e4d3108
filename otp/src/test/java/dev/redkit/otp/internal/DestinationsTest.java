package dev.redkit.otp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DestinationsTest {

    @Test
    void emailsAreTrimmedAndLowerCased() {
        assertThat(Destinations.email("  Ann.Lee+otp@Example.COM\t")).isEqualTo("ann.lee+otp@example.com");
        assertThat(Destinations.emailOrPhone("Ann@Example.com")).isEqualTo("ann@example.com");
        assertThat(Destinations.email("Gift\ud83c\udf81@Example.com")).as("emoji are valid in e-mail addresses (RFC 6531)")
                .isEqualTo("gift\ud83c\udf81@example.com");
    }

    @Test
    void phonesKeepDigitsOnly() {
        assertThat(Destinations.phone("+91 98765-43210")).isEqualTo("919876543210");
        assertThat(Destinations.phone("(030) 1234.5678")).isEqualTo("03012345678");
        assertThat(Destinations.emailOrPhone(" +49 30 1234567 ")).isEqualTo("49301234567");
    }

    @Test
    void badDestinationsFailNamingTheParameterWithoutEchoingIt() {
        String[] bad = {null, "", "   ", "ann", "ann@", "@example.com", "a@b@c", "ann lee@example.com", "a\u0000@x.y", "a\ud83d@x.y", "a\ude00b@x.y",
            "x".repeat(250) + "@example.com", "12345", "1234567890123456", "98765 4321x", "98+7654321", "++4930123456", "\u0661\u0662\u0663\u0664\u0665\u0666\u0667"};
        for (String d : bad) {
            assertThatThrownBy(() -> Destinations.emailOrPhone(d)).as(String.valueOf(d))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("destination ");
        }
        assertThatThrownBy(() -> Destinations.email("secret-person@"))
                .hasMessageNotContaining("secret-person");
        assertThatThrownBy(() -> Destinations.phone("x".repeat(65))).hasMessageContaining("at most 64");
    }
}
