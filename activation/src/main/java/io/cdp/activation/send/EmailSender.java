package io.cdp.activation.send;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import lombok.RequiredArgsConstructor;

import org.springframework.mail.MailException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

import io.cdp.activation.ActivationProperties;
import io.cdp.activation.domain.Activation;
import io.cdp.activation.domain.Delivery;
import io.cdp.activation.domain.Destination;
import io.cdp.platform.EmailAddress;
import io.cdp.platform.InvalidValueException;
import io.cdp.profile.ProfileSnapshot;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Email over SMTP. The Message-ID is derived from the delivery's idempotency key: SMTP has no
 * idempotency, so a send repeated after a crash between "accepted" and "marked sent" carries the
 * same Message-ID and receiving systems (and tests) can recognise the duplicate.
 */
@Component
@RequiredArgsConstructor
final class EmailSender implements BatchingSender {

    /** What Spring's sender says when it could not connect. */
    private static final String CONNECTION_FAILED = "Mail server connection failed";
    /**
     * Jakarta Mail looks its stream provider up with a {@link java.util.ServiceLoader} scan of the class path on
     * every call, several times per message it writes (jakartaee/mail-api#861); in the application's jar, with
     * its nested libraries, that was the send threads' largest CPU cost. Named as a system property, the
     * provider is loaded by name instead of scanned for.
     */
    static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";
    static final String ANGUS_STREAM_PROVIDER = "org.eclipse.angus.mail.util.MailStreamProvider";

    static {
        System.getProperties().putIfAbsent(STREAM_PROVIDER, ANGUS_STREAM_PROVIDER);
    }

    private final EmailComposer composer;
    private final UnsubscribeTokens tokens;
    private final ActivationProperties properties;
    private final DestinationGuard guard;
    private final Map<String, JavaMailSenderImpl> senders = new ConcurrentHashMap<>();

    public static String messageId(String deliveryKey) {
        return "<" + deliveryKey + "@cdp.activation>";
    }

    @Override
    public void send(Destination destination, Activation activation, Delivery delivery, ProfileSnapshot profile) {
        RuntimeException failure = sendAll(destination, List.of(new Message(activation, delivery, profile)))
                .get(delivery.key());
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The messages go out over one SMTP connection (Spring's sender connects once for an array of
     * messages, and again only if the server dropped it); a message the server refuses fails alone.
     */
    @Override
    public Map<String, RuntimeException> sendAll(Destination destination, List<Message> messages) {
        Map<String, RuntimeException> failures = new HashMap<>();
        Map<MimeMessage, String> keys = new LinkedHashMap<>();
        JavaMailSenderImpl sender;
        try {
            sender = sender(destination);
        } catch (RuntimeException invalidSettings) {
            messages.forEach(m -> failures.put(m.delivery().key(), invalidSettings));
            return failures;
        }
        for (Message m : messages) {
            try {
                keys.put(message(sender, destination, m), m.delivery().key());
            } catch (RuntimeException notComposed) {
                failures.put(m.delivery().key(), notComposed);
            }
        }
        if (keys.isEmpty()) {
            return failures;
        }
        try {
            sender.send(keys.keySet().toArray(MimeMessage[]::new));
        } catch (MailSendException e) {
            e.getFailedMessages().forEach((message, failure) -> failures.put(keys.get(message),
                    keys.size() == 1 ? e : alone(e, message, failure)));
        } catch (MailException whole) {
            // bad credentials and the like: nothing was sent
            keys.values().forEach(key -> failures.put(key, whole));
        }
        return failures;
    }

    /** The failure of one message of a batch as sending it alone would have thrown it. */
    private static MailSendException alone(MailSendException batch, Object message, Exception failure) {
        // with a cause the connection failed (every message after it failed with it), else the server refused this one
        return batch.getCause() == null ? new MailSendException(Map.of(message, failure))
                : new MailSendException(CONNECTION_FAILED, batch.getCause(), Map.of(message, failure));
    }

    private MimeMessage message(JavaMailSenderImpl sender, Destination destination, Message m) {
        ProfileSnapshot profile = m.profile();
        EmailAddress to = EmailAddress.of(profile.email()
                .orElseThrow(() -> new InvalidValueException("email", "required", "the profile has no email")));
        String unsubscribeUrl = properties.publicBaseUrl() + "/unsubscribe?token="
                + tokens.token(profile.id().value(), "email", m.activation().id());
        try {
            String id = messageId(m.delivery().key());
            MimeMessage message = new MimeMessage(sender.getSession()) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", id);
                }
            };
            message.setFrom(new InternetAddress(destination.setting("from")));
            message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to.value()));
            EmailComposer.Email email = composer.compose(m.activation().template(), profile, unsubscribeUrl);
            message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
            message.setText(email.body(), StandardCharsets.UTF_8.name());
            // RFC 8058 one-click: mailbox providers POST "List-Unsubscribe=One-Click" to the URL
            message.setHeader("List-Unsubscribe", "<" + unsubscribeUrl + ">");
            message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            message.setHeader("X-CDP-Delivery", m.delivery().key());
            return message;
        } catch (MessagingException e) {
            throw new MailPreparationException(e);
        }
    }

    /** One SMTP client per destination version: settings changes take effect on the next send. */
    private JavaMailSenderImpl sender(Destination destination) {
        String cacheKey = destination.id() + "|" + destination.settings().hashCode() + "|"
                + destination.secrets().hashCode();
        return senders.computeIfAbsent(cacheKey, k -> {
            JavaMailSenderImpl sender = new JavaMailSenderImpl();
            sender.setHost(destination.setting("host"));
            sender.setPort(Integer.parseInt(destination.setting("port")));
            sender.setUsername(destination.setting("username"));
            sender.setPassword(destination.secret("password"));
            Properties mail = new Properties();
            mail.put("mail.smtp.connectiontimeout", "10000");
            mail.put("mail.smtp.timeout", "10000");
            mail.put("mail.smtp.auth", String.valueOf(destination.setting("username") != null));
            mail.put("mail.smtp.starttls.enable", destination.settings().getOrDefault("starttls", "false"));
            // every connection goes through the guard; without fallback a refusal is not retried on a plain socket
            mail.put("mail.smtp.socketFactory", new GuardedSocketFactory(guard));
            mail.put("mail.smtp.socketFactory.fallback", "false");
            sender.setJavaMailProperties(mail);
            return sender;
        });
    }

}
