package io.cdp.activation.send.wire;

import java.util.LinkedHashMap;
import java.util.Map;

import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.Named;
import org.mapstruct.factory.Mappers;

import io.cdp.activation.domain.AudienceHashes;
import io.cdp.activation.domain.AudienceMember;
import io.cdp.platform.EmailAddress;
import io.cdp.platform.PhoneNumber;

/** Domain members to the platforms' identifier and contact shapes. */
@Mapper
public interface WireMapper {

    WireMapper INSTANCE = Mappers.getMapper(WireMapper.class);

    @Mapping(target = "hashedEmail", source = "email", qualifiedByName = "sha256")
    @Mapping(target = "hashedPhoneNumber", ignore = true)
    GoogleJobRequests.UserIdentifier googleEmail(AudienceMember member);

    @Mapping(target = "hashedPhoneNumber", source = "phone", qualifiedByName = "e164Sha256")
    @Mapping(target = "hashedEmail", ignore = true)
    GoogleJobRequests.UserIdentifier googlePhone(AudienceMember member);

    @Mapping(target = "idProperty", constant = "email")
    @Mapping(target = "id", source = "member.email", qualifiedByName = "plain")
    @Mapping(target = "properties", expression = "java(crmProperties(member, segmentProperty, inSegment))")
    CrmUpsertRequest.Input crmContact(AudienceMember member, String segmentProperty, boolean inSegment);

    @Named("sha256")
    default String emailHash(EmailAddress email) {
        return email == null ? null : AudienceHashes.email(email);
    }

    @Named("e164Sha256")
    default String googlePhoneHash(PhoneNumber phone) {
        return phone == null ? null : AudienceHashes.googlePhone(phone);
    }

    @Named("plain")
    default String emailValue(EmailAddress email) {
        return email == null ? null : email.value();
    }

    /** CRM properties are flat: scalar traits as they are, the segment flag, the phone in E.164. */
    default Map<String, Object> crmProperties(AudienceMember member, String segmentProperty, boolean inSegment) {
        Map<String, Object> properties = new LinkedHashMap<>();
        member.traits().forEach((name, value) -> {
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                properties.put(name, value);
            }
        });
        properties.put("email", member.email().value());
        if (member.phone() != null) {
            properties.put("phone", member.phone().value());
        }
        properties.put(segmentProperty, inSegment);
        return properties;
    }
}
