using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Trig.Crm.Store;

namespace Trig.Crm.Worker.Tests.Support;

/// <summary>
/// Simulates a process crash at one <see cref="SendCrashPoint"/> of an outbox send, in process: at that point it
/// cancels the dispatch run's token and throws, so nothing after the point runs or is written (the dispatcher lets
/// the caller's cancellation through untouched), and the store is left exactly as a SIGKILL there would leave it.
/// The store is wrapped (a DispatchProxy) to crash around MarkSendingAsync/CompleteAsync; an outermost HTTP handler
/// on every client crashes after the response to <see cref="PathContains"/> arrived, and for email a loopback relay
/// in front of the SMTP server (<see cref="SmtpCrashRelay"/>) crashes when the server has accepted the message.
/// </summary>
internal sealed class SendCrash(SendCrashPoint point, string pathContains)
{
    private readonly CancellationTokenSource _cts = new();
    private int _armed = 1;

    public SendCrashPoint Point { get; } = point;

    /// <summary>The receiver whose requests the crash is about (e.g. <c>chat.postMessage</c>, the webhook path, or <see cref="SmtpCrashRelay.Target"/>).</summary>
    public string PathContains { get; } = pathContains;

    /// <summary>The outbox row whose send crashes (set once the cycle has queued it).</summary>
    public long TargetRowId { get; set; } = -1;

    /// <summary>The dispatch run's token: cancelled at the crash.</summary>
    public CancellationToken Token => _cts.Token;

    public bool Crashed => _cts.IsCancellationRequested;

    /// <summary>Wires the crash into a CLI host: the store proxy and the HTTP handler.</summary>
    public void Install(HostApplicationBuilder builder)
    {
        var services = builder.Services;
        var original = services.Last(d => d.ServiceType == typeof(ITrigStore));
        services.Remove(original);
        services.AddSingleton<ITrigStore>(sp =>
        {
            var inner = (ITrigStore)original.ImplementationFactory!(sp);
            return CrashingStore.Create(inner, this);
        });
        services.ConfigureHttpClientDefaults(h => h.AddHttpMessageHandler(() => new CrashingHandler(this)));
    }

    internal Exception Crash()
    {
        _cts.Cancel();
        return new OperationCanceledException("simulated crash", _cts.Token);
    }

    /// <summary>True once per run: the crash fires at the first matching point only.</summary>
    private bool Fire() => Interlocked.Exchange(ref _armed, 0) == 1;

    internal bool CrashAfterMark(long rowId) => Point == SendCrashPoint.BeforeRequest && rowId == TargetRowId && Fire();

    internal bool CrashAtComplete(long rowId, OutboxStatus status) =>
        Point == SendCrashPoint.AfterResponseBeforeMark && rowId == TargetRowId && status == OutboxStatus.Sent && Fire();

    /// <summary>True (once) when the answer to a request for <paramref name="target"/> is to be lost: an HTTP path, or <see cref="SmtpCrashRelay.Target"/>.</summary>
    internal bool CrashAfterResponse(string target) =>
        Point == SendCrashPoint.ResponseLost && target.Contains(PathContains, StringComparison.Ordinal) && Fire();

    private sealed class CrashingHandler(SendCrash crash) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (crash.CrashAfterResponse(request.RequestUri?.AbsolutePath ?? ""))
            {
                response.Dispose();
                throw crash.Crash();
            }

            return response;
        }
    }

    /// <summary>ITrigStore is large: a proxy forwards every call and intercepts only the two outbox marks.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1852", Justification = "DispatchProxy derives from the proxy type")]
    internal class CrashingStore : DispatchProxy
    {
        private ITrigStore _inner = null!;
        private SendCrash _crash = null!;

        public static ITrigStore Create(ITrigStore inner, SendCrash crash)
        {
            var proxy = Create<ITrigStore, CrashingStore>();
            var self = (CrashingStore)(object)proxy;
            self._inner = inner;
            self._crash = crash;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(ITrigStore.CompleteAsync) && _crash.CrashAtComplete((long)args![0]!, (OutboxStatus)args[1]!))
            {
                return Task.FromException(_crash.Crash());
            }

            var result = Forward(targetMethod, args);
            if (targetMethod.Name == nameof(ITrigStore.MarkSendingAsync) && result is Task marked)
            {
                return AfterMarkAsync(marked, (long)args![0]!);
            }

            return result;
        }

        private async Task AfterMarkAsync(Task marked, long rowId)
        {
            await marked;
            if (_crash.CrashAfterMark(rowId))
            {
                throw _crash.Crash();
            }
        }

        private object? Forward(MethodInfo method, object?[]? args)
        {
            try
            {
                return method.Invoke(_inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is { } inner)
            {
                ExceptionDispatchInfo.Throw(inner);
                throw;
            }
        }
    }
}
