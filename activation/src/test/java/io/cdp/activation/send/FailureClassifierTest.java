package io.cdp.activation.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;

import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailSendException;

import io.cdp.activation.send.FailureClassifier.Kind;
import io.cdp.platform.InvalidValueException;

class FailureClassifierTest {

    private final FailureClassifier classifier = new FailureClassifier();

    @Test
    void throttlingAndServerErrorsAreTransient() {
        assertThat(classifier.classify(new DestinationException(429, Duration.ofSeconds(3), "x"))).isEqualTo(Kind.TRANSIENT);
        assertThat(classifier.classify(new DestinationException(503, null, "x"))).isEqualTo(Kind.TRANSIENT);
        assertThat(classifier.classify(new DestinationException(408, null, "x"))).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void otherClientErrorsArePermanent() {
        assertThat(classifier.classify(new DestinationException(400, null, "x"))).isEqualTo(Kind.PERMANENT);
        assertThat(classifier.classify(new DestinationException(401, null, "x"))).isEqualTo(Kind.PERMANENT);
        assertThat(classifier.classify(new DestinationException(404, null, "x"))).isEqualTo(Kind.PERMANENT);
    }

    @Test
    void unreachableDestinationsAndOpenCircuitsAreTransient() {
        assertThat(classifier.classify(new UncheckedIOException(new ConnectException("refused")))).isEqualTo(Kind.TRANSIENT);
        assertThat(classifier.classify(new CircuitOpenException("d", Duration.ofSeconds(5)))).isEqualTo(Kind.TRANSIENT);
        assertThat(classifier.classify(new MailSendException("connect failed", new ConnectException("refused"))))
                .isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void anAddressTheGuardRefusedIsPermanentHoweverTheClientWrapsIt() {
        Exception smtp = new MailSendException("Mail server connection failed",
                new jakarta.mail.MessagingException("Could not connect to SMTP host",
                        new DestinationGuard.RefusedAddressException("a loopback address")));
        Exception http = new UncheckedIOException(new DestinationGuard.RefusedAddressException("a private address"));

        assertThat(classifier.classify(smtp)).isEqualTo(Kind.PERMANENT);
        assertThat(classifier.reason(smtp)).isEqualTo("permanent RefusedAddressException: a loopback address");
        assertThat(classifier.classify(http)).isEqualTo(Kind.PERMANENT);
    }

    @Test
    void smtpReplyCodesDecide() {
        assertThat(classifier.classify(new MailSendException("x",
                new SMTPSendFailedException("DATA", 451, "try later", null, null, null, null)))).isEqualTo(Kind.TRANSIENT);
        assertThat(classifier.classify(new MailSendException("x",
                new SMTPSendFailedException("DATA", 554, "rejected", null, null, null, null)))).isEqualTo(Kind.PERMANENT);
        assertThat(classifier.classify(new MailAuthenticationException("bad credentials"))).isEqualTo(Kind.PERMANENT);
    }

    @Test
    void invalidDataAndUnknownFailuresArePermanent() {
        assertThat(classifier.classify(new InvalidValueException("email", "required", "no email"))).isEqualTo(Kind.PERMANENT);
        assertThat(classifier.classify(new IllegalStateException("bug"))).isEqualTo(Kind.PERMANENT);
    }

    @Test
    void retryAfterIsTakenFromTheDestinationAndReasonsQuoteNoPayload() {
        DestinationException throttled = new DestinationException(429, Duration.ofSeconds(7), "meta add users answered HTTP 429");

        assertThat(classifier.retryAfter(throttled)).contains(Duration.ofSeconds(7));
        assertThat(classifier.reason(throttled))
                .isEqualTo("transient DestinationException: meta add users answered HTTP 429");
    }

    @Test
    void retryAfterAcceptsSecondsAndHttpDates() {
        assertThat(HttpTransport.retryAfter("120")).isEqualTo(Duration.ofSeconds(120));
        assertThat(HttpTransport.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(HttpTransport.retryAfter("soon")).isNull();
    }
}
