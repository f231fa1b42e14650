package io.cdp.activation.send;

import org.springframework.stereotype.Component;

import io.cdp.activation.ActivationProperties;
import io.cdp.activation.domain.EmailTemplate;
import io.cdp.profile.ProfileSnapshot;

/**
 * An email's subject and body for one person: what the sender puts in the message, and what the
 * console previews before anything is sent, through the same {@link TemplateRenderer}.
 */
@Component
public final class EmailComposer {

    public record Email(String subject, String body) {
    }

    private final TemplateRenderer renderer = new TemplateRenderer();
    private final String previewUnsubscribeUrl;

    EmailComposer(ActivationProperties properties) {
        // a preview must not hand out a working unsubscribe link for somebody else
        this.previewUnsubscribeUrl = properties.publicBaseUrl() + "/unsubscribe?token=preview";
    }

    Email compose(EmailTemplate template, ProfileSnapshot profile, String unsubscribeUrl) {
        return new Email(renderer.render(template.subject(), profile, unsubscribeUrl),
                renderer.render(template.body(), profile, unsubscribeUrl));
    }

    public Email preview(EmailTemplate template, ProfileSnapshot profile) {
        return compose(template, profile, previewUnsubscribeUrl);
    }
}
