package io.cdp.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.cdp.platform.elasticsearch.ElasticsearchClients;

/** Users and API tokens in Elasticsearch (cdp-users, cdp-api-tokens); real-time GETs only. */
@Component
class AccountStore {

    static final String USERS = "cdp-users";
    static final String TOKENS = "cdp-api-tokens";

    private final ElasticsearchClient client;

    AccountStore(ElasticsearchClient client) {
        this.client = client;
    }

    /** Also finds accounts stored before names were keyed in lower case, under their name as typed then. */
    Optional<UserAccount> findUser(String username) {
        String key = UserAccount.key(username);
        return get(USERS, key, UserAccount.class)
                .or(() -> key.equals(username) ? Optional.empty() : get(USERS, username, UserAccount.class));
    }

    /** Create-only under the lowercased name, so two admins creating one name (in any case) cannot both succeed. */
    boolean createUser(UserAccount account) {
        return create(USERS, UserAccount.key(account.username()), account);
    }

    void deleteUser(String username) {
        String key = UserAccount.key(username);
        boolean legacy = !key.equals(username) && get(USERS, key, UserAccount.class).isEmpty();
        delete(USERS, legacy ? username : key);
    }

    List<UserAccount> listUsers() {
        return list(USERS, UserAccount.class);
    }

    Optional<ApiToken> findToken(String tokenId) {
        return get(TOKENS, tokenId, ApiToken.class);
    }

    void createToken(ApiToken token) {
        if (!create(TOKENS, token.id(), token)) {
            throw new IllegalStateException("random token id collided; retry");
        }
    }

    List<ApiToken> listTokens() {
        return list(TOKENS, ApiToken.class);
    }

    void deleteToken(String tokenId) {
        delete(TOKENS, tokenId);
    }

    private <T> Optional<T> get(String index, String id, Class<T> type) {
        try {
            var response = client.get(g -> g.index(index).id(id), type);
            return response.found() ? Optional.ofNullable(response.source()) : Optional.empty();
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return Optional.empty(); // index not created yet: nobody stored
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean create(String index, String id, Object document) {
        return ElasticsearchClients.written(() -> client.create(c -> c.index(index).id(id).document(document)
                .refresh(Refresh.WaitFor)));
    }

    private void delete(String index, String id) {
        try {
            client.delete(d -> d.index(index).id(id).refresh(Refresh.WaitFor));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> List<T> list(String index, Class<T> type) {
        try {
            return client.search(s -> s.index(index).ignoreUnavailable(true).size(1000), type)
                    .hits().hits().stream().map(Hit::source).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
