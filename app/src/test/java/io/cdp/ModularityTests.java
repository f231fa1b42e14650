package io.cdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModularityTests {

    private static final ApplicationModules MODULES = ApplicationModules.of(CdpApplication.class);

    /** Where the diagrams and canvases go; docs/modules/README.md says how they are copied into the docs. */
    private static final Path DOCS = Path.of("target", "spring-modulith-docs");

    @Test
    void modulesHaveNoCyclesAndUseOnlyEachOthersPublicApi() {
        MODULES.verify();
    }

    @Test
    void writesTheComponentDiagramAndADiagramAndACanvasForEveryModule() {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(DOCS.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();

        assertThat(DOCS.resolve("components.puml")).isNotEmptyFile();
        MODULES.forEach(module -> {
            String name = module.getIdentifier().toString();
            assertThat(DOCS.resolve("module-" + name + ".puml")).isNotEmptyFile();
            assertThat(DOCS.resolve("module-" + name + ".adoc")).isNotEmptyFile();
        });
    }
}
