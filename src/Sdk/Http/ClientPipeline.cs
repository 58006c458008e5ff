using System.Globalization;
using System.Net.Http.Headers;
using Lipsync.Contracts.Errors;

namespace Lipsync.Client.Http;

/// <summary>
/// Sends requests with the key, maps every failure to the catalogue's exception classes and retries the
/// retryable ones. Success is a 2xx; anything else becomes a <see cref="LipsyncException"/> subclass
/// from the error envelope (synthesized from the status when the body is not one), and transport
/// failures and timeouts become <see cref="NetworkException"/> (<c>network_error</c>).
/// </summary>
internal sealed class ClientPipeline(HttpClient http, Uri endpoint, string apiKey, LipsyncClientOptions options)
{
    public LipsyncClientOptions Options { get; } = options;

    public async Task<byte[]> SendAsync(Func<HttpRequestMessage> request, bool retry, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(request, cancellationToken);
            }
            catch (LipsyncException e) when (retry && e.Retryable && attempt <= Options.Retry.MaxRetries)
            {
                var delay = Options.Retry.DelayFor(attempt, Options.Jitter(), e.RetryAfter);
                await Task.Delay(delay, Options.TimeProvider, cancellationToken);
            }
        }
    }

    public HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content = null)
    {
        var message = new HttpRequestMessage(method, new Uri(endpoint, path)) { Content = content };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (Options.Origin is { } origin)
        {
            message.Headers.TryAddWithoutValidation("Origin", origin);
        }

        return message;
    }

    private async Task<byte[]> SendOnceAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(Options.NetworkTimeout, Options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var message = request();
        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, linked.Token);
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token);
            if (response.IsSuccessStatusCode)
            {
                return body;
            }

            var requestId = response.Headers.TryGetValues("x-request-id", out var ids) ? ids.FirstOrDefault() : null;
            var envelope = ErrorEnvelope.FromResponse((int)response.StatusCode, body, requestId);
            throw LipsyncException.FromEnvelope(envelope, (int)response.StatusCode, RetryAfter(response));
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NetworkException(ErrorCodes.NetworkFailure, $"No answer within {Options.NetworkTimeout.TotalSeconds:F0} s.", innerException: e);
        }
        catch (HttpRequestException e)
        {
            throw new NetworkException(ErrorCodes.NetworkFailure, $"The request failed before an answer arrived: {e.Message}", innerException: e);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - Options.TimeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return response.Headers.TryGetValues("Retry-After", out var raw) && int.TryParse(raw.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }
}
