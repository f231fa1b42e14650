package io.cdp.activation.send;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

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
final class EmailSender implements TriggeredSender {

    private final EmailComposer composer;
    private final UnsubscribeTokens tokens;
    private final String publicBaseUrl;
    private final GuardedSocketFactory sockets;
    private final Map<String, JavaMailSenderImpl> senders = new ConcurrentHashMap<>();

    EmailSender(EmailComposer composer, UnsubscribeTokens tokens, ActivationProperties properties,
            DestinationGuard guard) {
        this.composer = composer;
        this.tokens = tokens;
        this.publicBaseUrl = properties.publicBaseUrl();
        this.sockets = new GuardedSocketFactory(guard);
    }

    public static String messageId(String deliveryKey) {
        return "<" + deliveryKey + "@cdp.activation>";
    }

    @Override
    public void send(Destination destination, Activation activation, Delivery delivery, ProfileSnapshot profile) {
        EmailAddress to = EmailAddress.of(profile.email()
                .orElseThrow(() -> new InvalidValueException("email", "required", "the profile has no email")));
        String unsubscribeUrl = publicBaseUrl + "/unsubscribe?token="
                + tokens.token(profile.id().value(), "email", activation.id());
        JavaMailSenderImpl sender = sender(destination);
        try {
            String id = messageId(delivery.key());
            MimeMessage message = new MimeMessage(sender.getSession()) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", id);
                }
            };
            message.setFrom(new InternetAddress(destination.setting("from")));
            message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to.value()));
            EmailComposer.Email email = composer.compose(activation.template(), profile, unsubscribeUrl);
            message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
            message.setText(email.body(), StandardCharsets.UTF_8.name());
            // RFC 8058 one-click: mailbox providers POST "List-Unsubscribe=One-Click" to the URL
            message.setHeader("List-Unsubscribe", "<" + unsubscribeUrl + ">");
            message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            message.setHeader("X-CDP-Delivery", delivery.key());
            sender.send(message);
        } catch (MessagingException e) {
            throw new org.springframework.mail.MailPreparationException(e);
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
            Properties properties = new Properties();
            properties.put("mail.smtp.connectiontimeout", "10000");
            properties.put("mail.smtp.timeout", "10000");
            properties.put("mail.smtp.auth", String.valueOf(destination.setting("username") != null));
            properties.put("mail.smtp.starttls.enable", destination.settings().getOrDefault("starttls", "false"));
            // every connection goes through the guard; without fallback a refusal is not retried on a plain socket
            properties.put("mail.smtp.socketFactory", sockets);
            properties.put("mail.smtp.socketFactory.fallback", "false");
            sender.setJavaMailProperties(properties);
            return sender;
        });
    }

}
