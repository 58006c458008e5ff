// BlobCreated events under audio-in -> the timeline-jobs queue (Event Grid schema, base64 as the queue
// trigger expects), delivered with the system topic's own identity. Flex Consumption supports only
// Event Grid for blob-driven work; the queue adds retries, back-pressure and a poison queue.

param name string
param location string
param tags object
param storageAccountId string

resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: 'evgt-${name}'
  location: location
  tags: tags
  identity: { type: 'SystemAssigned' }
  properties: {
    source: storageAccountId
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output topicName string = topic.name
output principalId string = topic.identity.principalId
