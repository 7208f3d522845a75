import { DigitalTwinsClient } from '@azure/digital-twins-core';
import { DefaultAzureCredential } from '@azure/identity';

let client;
/** One client per Functions host, authenticated by the Function App's managed identity (ADT Data Owner role). */
export function twinsClient() {
  const url = process.env.ADT_SERVICE_URL;
  if (!url) throw new Error('Set the ADT_SERVICE_URL app setting to your Azure Digital Twins instance URL (https://….digitaltwins.azure.net).');
  client ??= new DigitalTwinsClient(url, new DefaultAzureCredential());
  return client;
}
