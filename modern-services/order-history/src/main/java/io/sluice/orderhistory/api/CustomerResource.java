package io.sluice.orderhistory.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.sluice.orderhistory.api.Dtos.Customer;
import io.sluice.orderhistory.api.Dtos.Page;
import io.sluice.orderhistory.model.CustomerView;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The customer read model over REST. */
@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customers")
public class CustomerResource {

    @GET
    @Operation(summary = "List customers", description = "By customer id; filters are optional and combine")
    public Page<Customer> list(
            @Parameter(description = "Only active (true) or inactive (false) customers") @QueryParam("active") Boolean active,
            @Parameter(description = "Name contains this text, ignoring case") @QueryParam("name") String name,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (active != null) {
            query.append(" and active = :active");
            parameters.and("active", active);
        }
        if (name != null) {
            query.append(" and lower(name) like :name");
            parameters.and("name", "%" + name.toLowerCase(java.util.Locale.ROOT) + "%");
        }
        PanacheQuery<CustomerView> customers = CustomerView.find(query.toString(), Sort.ascending("customerId"), parameters)
                .page(io.quarkus.panache.common.Page.of(page, size));
        return new Page<>(customers.list().stream().map(Customer::of).toList(), page, size, customers.count(),
                customers.pageCount());
    }

    @GET
    @Path("/{customerId}")
    @Operation(summary = "One customer")
    @APIResponse(responseCode = "404", description = "No such customer")
    public Customer get(@PathParam("customerId") String customerId) {
        CustomerView customer = CustomerView.findById(customerId);
        if (customer == null) {
            throw new NotFoundException("No customer " + customerId);
        }
        return Customer.of(customer);
    }
}
