package dev.codeexec.api.web;

import dev.codeexec.api.admission.OperationalStatus;
import dev.codeexec.api.common.Caller;
import dev.codeexec.api.auth.ManageKeys;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/admin/*}: an admin key creates and revokes keys for tenants and reads the operational status. */
@RestController
class AdminController {

    private final ManageKeys keys;
    private final OperationalStatus status;

    AdminController(ManageKeys keys, OperationalStatus status) {
        this.keys = keys;
        this.status = status;
    }

    /** Operational view for admins: backlog of the submissions topic and submissions per status. */
    @GetMapping(path = "/api/v1/admin/status", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "records waiting on the submissions topic, submissions per status",
            content = @Content(schema = @Schema(implementation = OperationalStatus.Status.class),
                    examples = @ExampleObject(value = ApiExamples.STATUS)))
    @ProblemResponses({401, 403, 503})
    OperationalStatus.Status status(Caller caller) {
        return status.read(caller);
    }

    /** The body of {@code POST /admin/keys}. */
    record NewKeyRequest(String tenant, Boolean admin) {
    }

    /** 201 with the key itself: the only time it is shown. */
    @PostMapping(path = "/api/v1/admin/keys", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "the new key; 'key' is shown only this once",
            content = @Content(schema = @Schema(implementation = ManageKeys.NewKey.class),
                    examples = @ExampleObject(value = ApiExamples.NEW_KEY)))
    @ProblemResponses({400, 401, 403, 503})
    ResponseEntity<ManageKeys.NewKey> create(Caller caller, @RequestBody NewKeyRequest request) {
        ManageKeys.NewKey key = keys.create(caller, request == null ? null : request.tenant(),
                request != null && Boolean.TRUE.equals(request.admin()));
        return ResponseEntity.status(HttpStatus.CREATED).body(key);
    }

    @DeleteMapping("/api/v1/admin/keys/{id}")
    @ApiResponse(responseCode = "204", description = "the key is revoked")
    @ProblemResponses({401, 403, 404, 503})
    ResponseEntity<Void> revoke(Caller caller, @PathVariable String id) {
        keys.revoke(caller, id);
        return ResponseEntity.noContent().build();
    }
}
