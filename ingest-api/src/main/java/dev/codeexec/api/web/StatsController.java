package dev.codeexec.api.web;

import dev.codeexec.api.common.Caller;
import dev.codeexec.api.stats.ReadStats;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/stats} (admin): the latest statistics windows, newest first. */
@RestController
class StatsController {

    private final ReadStats stats;

    StatsController(ReadStats stats) {
        this.stats = stats;
    }

    /** {@code window} 1m (default) or 1h; {@code language}, {@code verdict} filter; {@code limit} 1..1000 (100). */
    @GetMapping(path = "/api/v1/stats", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "statistics windows, newest first",
            content = @Content(schema = @Schema(implementation = ReadStats.Windows.class),
                    examples = @ExampleObject(value = ApiExamples.STATS)))
    @ProblemResponses({400, 401, 403, 503})
    ReadStats.Windows stats(Caller caller, @RequestParam(required = false) String window,
            @RequestParam(required = false) String language, @RequestParam(required = false) String verdict,
            @RequestParam(required = false) Integer limit) {
        return stats.read(caller, window, language, verdict, limit);
    }
}
