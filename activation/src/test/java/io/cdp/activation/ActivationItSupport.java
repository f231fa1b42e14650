package io.cdp.activation;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.cdp.profile.Profiles;

/** Activation and the profile store on a random port; subclasses bring their own {@link ActivationKit}. */
@SpringBootTest(classes = ActivationTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ActivationItSupport {

    @LocalServerPort
    protected int port;

    @Autowired
    protected Profiles profiles;
}
