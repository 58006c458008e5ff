using Lipsync.Engine.Isolation;

// Serves decode requests on stdin/stdout until stdin closes (the parent is gone or done with us).
return DecodeWorkerLoop.Run(Console.OpenStandardInput(), Console.OpenStandardOutput());
