package io.cdp.activation.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import lombok.RequiredArgsConstructor;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * What the embedded SMTP server of {@code ./cdp start} received, for admins: the local stand-in
 * for a mailbox. Exists only when {@code cdp.activation.local-smtp.enabled} is set.
 */
@RestController
@ConditionalOnBean(GreenMail.class)
@RequiredArgsConstructor
class LocalSmtpController {

    record ReceivedMail(String messageId, List<String> to, String subject, String body, String listUnsubscribe) {
    }

    private final GreenMail smtp;

    @GetMapping("/api/admin/local-smtp/messages")
    List<ReceivedMail> messages() throws MessagingException {
        List<ReceivedMail> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            String[] unsubscribe = m.getHeader("List-Unsubscribe");
            out.add(new ReceivedMail(m.getMessageID(),
                    Arrays.stream(m.getAllRecipients()).map(Object::toString).toList(), m.getSubject(),
                    GreenMailUtil.getBody(m), unsubscribe == null ? null : unsubscribe[0]));
        }
        return out;
    }
}
