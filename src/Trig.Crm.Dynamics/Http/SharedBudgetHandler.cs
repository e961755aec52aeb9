namespace Trig.Crm.Dynamics.Http;

/// <summary>
/// Takes one permit of the cluster's <see cref="DataverseSharedBudget"/> for every attempt sent to Dataverse (a
/// <c>$batch</c> is one request, whatever it holds); passes straight through when the process paces alone. Permits are
/// never given back: Dataverse counts a request once it arrives, whatever the answer.
/// </summary>
internal sealed class SharedBudgetHandler(DataverseSharedBudget budget) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (budget.Limiter is { } limiter)
        {
            using var permit = await limiter.AcquireAsync(1, cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
