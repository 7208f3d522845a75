/**
 * Host suffixes of Azure IoT Hub and DPS in each cloud: public, Azure China (21Vianet) and Azure
 * US Government. An Entra ID profile sends the operator's token to its hosts, so any other host
 * needs an explicit confirmation. (Azure Germany, `.de`, closed in 2021 and is not listed.)
 */
export const AZURE_IOT_HOST_SUFFIXES = [
  '.azure-devices.net',
  '.azure-devices-provisioning.net',
  '.azure-devices.cn',
  '.azure-devices-provisioning.cn',
  '.azure-devices.us',
  '.azure-devices-provisioning.us',
] as const;

/** Whether `host` (no scheme, no port) is an IoT Hub or DPS endpoint in an Azure cloud. */
export function isAzureIotHost(host: string): boolean {
  const name = host.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  return AZURE_IOT_HOST_SUFFIXES.some((suffix) => name.endsWith(suffix) && name.length > suffix.length && !name.slice(0, -suffix.length).endsWith('.'));
}
