package io.cjm.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cjm.gateway.rest.model.FieldErrorBody;
import io.cjm.gateway.client.JourneyClient;
import io.cjm.gateway.mapping.JourneyDefinitionJsonMapper;
import io.cjm.gateway.rest.model.JourneyDefinitionBody;
import io.cjm.gateway.rest.model.JourneyDefinitionListBody;
import io.cjm.gateway.rest.model.Problem;
import io.cjm.gateway.security.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The tenant's journey maps: the default catalogue until the tenant changes it, every change
 * a new version; a change re-assembles the tenant's journeys in the background.
 */
@Path("/api/v1/journey-definitions")
@Produces(MediaType.APPLICATION_JSON)
public class JourneyDefinitionResource {

    static final int MAX_BYTES = 64 * 1024;
    /** The JSON Schema (draft 2020-12) of the PUT body, a resource of the gateway. */
    static final String SCHEMA_RESOURCE = "/journey-definition.schema.json";
    static final String SCHEMA_MEDIA_TYPE = "application/schema+json";
    private static final String TITLE = "Invalid journey definition";
    private static final ObjectMapper YAML = new YAMLMapper();

    private final JourneyClient journeys;
    private final CallerTenant tenant;
    private final ObjectMapper json;
    private final byte[] schema = schema();

    JourneyDefinitionResource(JourneyClient journeys, CallerTenant tenant, ObjectMapper json) {
        this.journeys = journeys;
        this.tenant = tenant;
        this.json = json;
    }

    private static byte[] schema() {
        try (InputStream in = JourneyDefinitionResource.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + SCHEMA_RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @RolesAllowed({ "tenant-admin", "journeys-read" })
    @Operation(summary = "List the journey definitions", description = "The definitions in force in catalogue "
            + "order (which decides ties on entry): the defaults first, then the tenant's own keys in the order "
            + "they were created; deleted ones are left out.")
    public Uni<JourneyDefinitionListBody> list() {
        return journeys.definitions(tenant.id()).map(list -> new JourneyDefinitionListBody(
                list.stream().map(JourneyDefinitionJsonMapper::body).toList()));
    }

    @GET
    @Path("/schema")
    @Produces(SCHEMA_MEDIA_TYPE)
    @RolesAllowed({ "tenant-admin", "journeys-read" })
    @Operation(summary = "The JSON Schema of a journey definition", description = "JSON Schema draft 2020-12 of "
            + "the body of PUT /api/v1/journey-definitions/{key}.")
    public Response schemaDocument() {
        return Response.ok(schema, SCHEMA_MEDIA_TYPE).build();
    }

    @GET
    @Path("/{key}")
    @RolesAllowed({ "tenant-admin", "journeys-read" })
    @Operation(summary = "Read a journey definition", description = "404 when the tenant has none with that key. "
            + "The ETag is the version, for If-Match on a later PUT or DELETE.")
    public Uni<Response> get(@PathParam("key") String key) {
        return journeys.definition(tenant.id(), key).map(found -> {
            var d = found.orElseThrow(() -> new ApiProblem(404, "Not found", "No journey definition " + key,
                    List.of()));
            return Response.ok(JourneyDefinitionJsonMapper.body(d)).tag(etagValue(d.getVersion())).build();
        });
    }

    @PUT
    @Path("/{key}")
    @Consumes({ MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml" })
    @RolesAllowed("tenant-admin")
    @Operation(summary = "Create or replace a journey definition", description = "Stores the body as the key's "
            + "next version (a default key too) and re-assembles the tenant's journeys in the background: "
            + "existing journeys keep their ids and record the new version. 201 when the key was not in force, "
            + "200 otherwise. If-Match with the ETag read makes it conditional (412 when another version is in "
            + "force; \"0\" for create only). The body is JSON or YAML (Content-Type application/yaml). 400 "
            + "names every invalid field, e.g. stages[1].name.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = JourneyDefinitionBody.class)))
    @APIResponse(responseCode = "200", description = "The stored version",
            content = @Content(schema = @Schema(implementation = JourneyDefinitionBody.class)))
    @APIResponse(responseCode = "400", description = "Invalid definition, one error per field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> put(@PathParam("key") String key, @HeaderParam("If-Match") String ifMatch,
            @HeaderParam("Content-Type") String contentType, byte[] body) {
        String tenantId = tenant.id();
        Integer expected = Preconditions.expectedVersion(ifMatch);
        if (key.equals("schema")) {
            throw ApiProblem.invalid("key", "schema is reserved");
        }
        boolean yaml = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("yaml");
        var parsed = JourneyDefinitionJsonMapper.definition(key, yaml ? readYaml(body)
                : JsonBodies.read(json, body, MAX_BYTES));
        JsonBodies.requireNoErrors(TITLE, parsed.errors());
        return journeys.putDefinition(tenantId, parsed.value(), expected)
                .onFailure().transform(e -> ApiProblem.withFields(e, TITLE, JourneyDefinitionJsonMapper::restField))
                .onFailure().transform(Preconditions::conflict)
                .map(r -> Response.status(r.getCreated() ? 201 : 200)
                        .entity(JourneyDefinitionJsonMapper.body(r.getDefinition()))
                        .tag(etagValue(r.getDefinition().getVersion())).build());
    }

    @DELETE
    @Path("/{key}")
    @RolesAllowed("tenant-admin")
    @Operation(summary = "Delete a journey definition", description = "Removes it (a default one too) as a new "
            + "version; the tenant's journeys of it go away with the re-assembly that follows. 404 when none is "
            + "in force; If-Match as for PUT. A later PUT of the key creates it again.")
    public Uni<Response> delete(@PathParam("key") String key, @HeaderParam("If-Match") String ifMatch) {
        Integer expected = Preconditions.expectedVersion(ifMatch);
        return journeys.deleteDefinition(tenant.id(), key, expected)
                .onFailure().transform(Preconditions::conflict)
                .map(v -> Response.noContent().build());
    }

    /** A YAML body as the same tree a JSON body gives; 413 and 400 as for JSON. */
    private static JsonNode readYaml(byte[] body) {
        if (body.length > MAX_BYTES) {
            throw new ApiProblem(413, "Payload too large", "A request carries at most " + MAX_BYTES / 1024 + " KiB",
                    List.of());
        }
        try {
            JsonNode root = YAML.readTree(body);
            if (root == null || root.isMissingNode() || root.isNull()) {
                throw ApiProblem.invalid("", "the body is empty");
            }
            return root;
        } catch (IOException e) {
            throw new ApiProblem(400, "Malformed YAML", "The body is not valid YAML",
                    List.of(new FieldErrorBody("", "not valid YAML")));
        }
    }

    private static jakarta.ws.rs.core.EntityTag etagValue(int version) {
        return new jakarta.ws.rs.core.EntityTag(String.valueOf(version));
    }
}
