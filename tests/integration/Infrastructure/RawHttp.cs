using System.Net.Sockets;
using System.Text;

namespace Lipsync.IntegrationTests.Infrastructure;

/// <summary>HTTP/1.1 over a bare socket, for requests no well-behaved client sends (broken chunks, trickles, aborts).</summary>
internal static class RawHttp
{
    /// <summary>Sends the head, lets <paramref name="body"/> write what it likes, then reads the status and body until the server closes or stops.</summary>
    public static async Task<(int Status, string Body)> SendAsync(Uri baseAddress, string head, Func<Stream, Task> body, TimeSpan? wait = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(baseAddress.Host, baseAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n"));
        try
        {
            await body(stream);
        }
        catch (IOException)
        {
            // The server may answer and close before the body is done: read what it said.
        }

        using var timeout = new CancellationTokenSource(wait ?? TimeSpan.FromSeconds(30));
        var response = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                response.Write(buffer, 0, n);
                if (Complete(response.ToArray()))
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Reset after the answer, closed by the body writer (an abort), or no answer in time.
        }

        var text = Encoding.UTF8.GetString(response.ToArray());
        var status = text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? int.Parse(text.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture) : 0;
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (status, split >= 0 ? text[(split + 4)..] : "");
    }

    private static bool Complete(byte[] response)
    {
        var text = Encoding.UTF8.GetString(response);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (split < 0)
        {
            return false;
        }

        var head = text[..split];
        var lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return lengthLine is not null && text.Length - split - 4 >= int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
