package io.cdp.platform;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Sha256Test {

    @Test
    void hashesTheStandardTestVectors() {
        // FIPS 180-2, appendix B.1, and the empty message
        assertThat(Sha256.hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Sha256.hex(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Sha256.hex("abc".getBytes(StandardCharsets.UTF_8))).isEqualTo(Sha256.hex("abc"));
    }

    @Test
    void aPrefixOfTheDigestIsThePrefixOfItsHex() {
        assertThat(Sha256.hex("abc", 16)).isEqualTo("ba7816bf8f01cfea414140de5dae2223");
        assertThat(Sha256.hex("ü\u0000€", 16)).isEqualTo(Sha256.hex("ü\u0000€").substring(0, 32));
    }

    @Test
    void writesAnyBytesAsJavasHexFormatDoes() {
        Random random = new Random(3);
        for (int length = 0; length < 64; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            assertThat(Sha256.hexOf(bytes)).isEqualTo(HexFormat.of().formatHex(bytes));
        }
    }
}
