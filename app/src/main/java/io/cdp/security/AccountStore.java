package io.cdp.security;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.cdp.platform.elasticsearch.Documents;
import io.cdp.platform.elasticsearch.Documents.Versioned;

/** Users and API tokens in Elasticsearch (cdp-users, cdp-api-tokens); real-time GETs only. */
@Component
class AccountStore {

    static final String USERS = "cdp-users";
    static final String TOKENS = "cdp-api-tokens";
    private static final String BY_CREATION = "{\"properties\": {\"createdAt\": {\"type\": \"date\"}}}";
    private static final int MAX_LISTED = 1000;

    private final Documents<UserAccount> users;
    private final Documents<ApiToken> tokens;

    AccountStore(ElasticsearchClient client) {
        this.users = new Documents<>(client, USERS, UserAccount.class, BY_CREATION);
        this.tokens = new Documents<>(client, TOKENS, ApiToken.class, BY_CREATION);
    }

    /** Also finds accounts stored before names were keyed in lower case, under their name as typed then. */
    Optional<UserAccount> findUser(String username) {
        String key = UserAccount.key(username);
        return users.get(key).or(() -> key.equals(username) ? Optional.empty() : users.get(username))
                .map(Versioned::document);
    }

    /** Create-only under the lowercased name, so two admins creating one name (in any case) cannot both succeed. */
    boolean createUser(UserAccount account) {
        return createVisible(users, UserAccount.key(account.username()), account);
    }

    void deleteUser(String username) {
        String key = UserAccount.key(username);
        boolean legacy = !key.equals(username) && users.get(key).isEmpty();
        users.delete(legacy ? username : key);
    }

    List<UserAccount> listUsers() {
        return list(users);
    }

    Optional<ApiToken> findToken(String tokenId) {
        return tokens.get(tokenId).map(Versioned::document);
    }

    void createToken(ApiToken token) {
        if (!createVisible(tokens, token.id(), token)) {
            throw new IllegalStateException("random token id collided; retry");
        }
    }

    List<ApiToken> listTokens() {
        return list(tokens);
    }

    void deleteToken(String tokenId) {
        tokens.delete(tokenId);
    }

    /** Accounts are created by people, who list them next: a created one is searchable when this returns. */
    private static <T> boolean createVisible(Documents<T> documents, String id, T document) {
        boolean created = documents.create(id, document);
        if (created) {
            documents.refresh();
        }
        return created;
    }

    private static <T> List<T> list(Documents<T> documents) {
        return documents.search(Query.of(q -> q.matchAll(m -> m)), "createdAt", SortOrder.Asc, MAX_LISTED).stream()
                .map(Versioned::document).toList();
    }
}
