package dev.codeexec.api.web;

import dev.codeexec.schemas.languages.LanguageCatalogue;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/languages}: the languages submissions may use. */
@RestController
class LanguageController {

    private final LanguageCatalogue languages;

    LanguageController(LanguageCatalogue languages) {
        this.languages = languages;
    }

    record LanguageView(String id, String name, String version, List<String> extensions, boolean compiled,
            String sourceFile) {
    }

    @GetMapping(path = "/api/v1/languages", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "the languages, with the file name each program is stored as",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = LanguageView.class)),
                    examples = @ExampleObject(value = ApiExamples.LANGUAGES)))
    @ProblemResponses({401})
    List<LanguageView> list() {
        return languages.all().stream().map(l -> new LanguageView(l.id(), l.name(), l.version(), l.extensions(),
                l.compiled(), l.sourceFile())).toList();
    }
}
