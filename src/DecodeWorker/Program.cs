using Lipsync.Engine.Isolation;

// Serves decode requests on stdin/stdout until stdin closes (the parent is gone or done with us).
// Argument: the parent's process id; the worker exits when that process is gone.
var parent = args.Length > 0 && int.TryParse(args[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid) ? pid : 0;
return DecodeWorkerLoop.Run(Console.OpenStandardInput(), Console.OpenStandardOutput(), parent);
