package io.cdp;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

    @Test
    void modulesHaveNoCyclesAndUseOnlyEachOthersPublicApi() {
        ApplicationModules.of(CdpApplication.class).verify();
    }
}
