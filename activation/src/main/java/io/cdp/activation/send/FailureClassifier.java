package io.cdp.activation.send;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.stereotype.Component;

import io.cdp.platform.InvalidValueException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;

/**
 * The one place that decides whether a failed send may succeed later. Transient: the destination
 * is unreachable, overloaded (429), failing (5xx, SMTP 4xx) or the circuit is open; retried with
 * backoff. Permanent: the request is wrong or refused (other 4xx, SMTP 5xx, bad address, bad
 * credentials, invalid data); goes to the dead letters at once. Unknown failures are permanent so
 * that a bug cannot retry forever; the dead letter keeps the send for a retry by hand.
 */
@Component
public final class FailureClassifier {

    public enum Kind { TRANSIENT, PERMANENT }

    public Kind classify(Throwable failure) {
        if (refusal(failure) != null) {
            return Kind.PERMANENT;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DestinationException d) {
                return d.status() == 408 || d.status() == 425 || d.status() == 429 || d.status() >= 500
                        ? Kind.TRANSIENT : Kind.PERMANENT;
            }
            if (t instanceof CircuitOpenException) {
                return Kind.TRANSIENT;
            }
            if (t instanceof SMTPSendFailedException smtp) {
                return smtp.getReturnCode() >= 400 && smtp.getReturnCode() < 500 ? Kind.TRANSIENT : Kind.PERMANENT;
            }
            if (t instanceof SMTPAddressFailedException smtp) {
                return smtp.getReturnCode() >= 400 && smtp.getReturnCode() < 500 ? Kind.TRANSIENT : Kind.PERMANENT;
            }
            if (t instanceof MailAuthenticationException || t instanceof MailParseException
                    || t instanceof MailPreparationException || t instanceof InvalidValueException
                    || t instanceof SendFailedException && t.getCause() == null) {
                return Kind.PERMANENT;
            }
            if (t instanceof ConnectException || t instanceof SocketTimeoutException
                    || t instanceof IOException
                    || t instanceof MessagingException && t.getCause() instanceof IOException) {
                return Kind.TRANSIENT;
            }
            if (t instanceof MailException && t.getCause() == null) {
                return Kind.TRANSIENT;
            }
        }
        return Kind.PERMANENT;
    }

    /** How long the destination asked us to wait, if it did. */
    public Optional<Duration> retryAfter(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DestinationException d && d.retryAfter() != null) {
                return Optional.of(d.retryAfter());
            }
            if (t instanceof CircuitOpenException c) {
                return Optional.of(c.retryAfter());
            }
        }
        return Optional.empty();
    }

    /** A reason for logs and dead letters: kind, class and our own message; never a payload or address. */
    public String reason(Throwable failure) {
        Throwable refused = refusal(failure);
        Throwable shown = refused != null ? refused : failure;
        for (Throwable t = failure; t != null && refused == null; t = t.getCause()) {
            if (t instanceof DestinationException || t instanceof CircuitOpenException
                    || t instanceof MessagingException) {
                shown = t;
                break;
            }
        }
        String message = shown instanceof DestinationException || shown instanceof CircuitOpenException
                || shown instanceof InvalidValueException || shown == refused ? ": " + shown.getMessage() : "";
        String code = shown instanceof SMTPSendFailedException s ? " smtp " + s.getReturnCode()
                : shown instanceof SMTPAddressFailedException a ? " smtp " + a.getReturnCode() : "";
        return classify(failure).name().toLowerCase() + " " + shown.getClass().getSimpleName() + code + message;
    }

    /** The guard's refusal anywhere in the chain: mail and HTTP clients wrap it in their own I/O errors. */
    private static Throwable refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DestinationGuard.RefusedAddressException) {
                return t;
            }
        }
        return null;
    }
}
