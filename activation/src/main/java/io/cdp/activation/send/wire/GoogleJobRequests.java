package io.cdp.activation.send.wire;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Google Ads API (REST) offline user data job messages for Customer Match. */
public final class GoogleJobRequests {

    private GoogleJobRequests() {
    }

    public record Create(Job job) {
    }

    public record Job(String type, CustomerMatchUserListMetadata customerMatchUserListMetadata) {
    }

    public record CustomerMatchUserListMetadata(String userList) {
    }

    public record Created(String resourceName) {
    }

    public record AddOperations(boolean enablePartialFailure, List<Operation> operations) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Operation(UserData create, UserData remove) {
    }

    public record UserData(List<UserIdentifier> userIdentifiers) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UserIdentifier(String hashedEmail, String hashedPhoneNumber) {
    }
}
